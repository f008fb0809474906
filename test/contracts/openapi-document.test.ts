/** A broken OpenAPI document is reported clearly, with its pointers and lines, before anything is sent. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocumentError } from '../../src/index.js';
import { petsApp, received } from '../fixtures/contract-apis/pets-app.js';
import { rejectsWith, testApps } from './support.js';

const broken = (name: string) => fileURLToPath(new URL(`../fixtures/contract-apis/broken/${name}`, import.meta.url));
const info = { title: 'x', version: '1' };

void describe('a broken OpenAPI document', () => {
  const make = testApps('in-process', petsApp);

  /** Sends a request with `openapi`, expects the document error, and that nothing reached the app. */
  async function documentError(openapi: string | Record<string, unknown>): Promise<OpenApiDocumentError> {
    const before = received.count;
    const error = await rejectsWith<OpenApiDocumentError>(make({ openapi }).get('/pets'), 'TANDEM_OPENAPI_DOCUMENT');
    assert.equal(received.count, before, 'nothing was sent');
    assert.match(error.message, /GET http:\/\/localhost\/pets/, 'the message names the request');
    return error;
  }

  void it('lists every rule it breaks with its pointer and line', async () => {
    const error = await documentError(broken('rules.yaml'));
    assert.match(error.message, /^the OpenAPI document .*broken\/rules\.yaml is not valid \(10 problems\); fix it before testing against it/);
    assert.deepEqual(
      error.problems.map((p) => `${p.pointer} (line ${p.line}): ${p.message}`),
      [
        '#/info/version (line 4): is missing: a string is required (quote it in YAML)',
        '#/paths/notes (line 7): is not a path: paths start with /',
        '#/paths/~1notes~1{id}/gett (line 9): is not an operation: use get, put, post, delete, options, head, patch, trace',
        '#/paths/~1notes~1{id}/get (line 11): declares no path parameter id (in: path) for {id} in /notes/{id}',
        '#/paths/~1notes~1{id}/get/responses/404 (line 13): has no description (it is required)',
        '#/paths/~1notes~1{id}/get/responses/20O (line 12): is not a status: use a code (200), a range (2XX) or default',
        '#/paths/~1tags/post/responses (line 15): is missing: every operation documents its responses',
        '#/paths/~1things~1{thingId}/get (line 18): declares no path parameter thingId (in: path) for {thingId} in /things/{thingId}',
        '#/paths/~1things~1{thingId}/get/parameters/0 (line 19): is a path parameter, but /things/{thingId} has no {id}',
        '#/paths/~1things~1{thingId}/get/responses/200 (line 21): $ref "#/components/responses/Nope" points to nothing',
      ],
    );
    assert.match(error.message, /#\/paths\/~1tags\/post\/responses \(line 15\): is missing/);
  });

  void it('reports schemas that are not valid schemas, in other files too', async () => {
    const error = await documentError(broken('schemas.yaml'));
    assert.deepEqual(
      error.problems.map((p) => `${p.pointer} (line ${p.line}): ${p.message}`),
      [
        '#/paths/~1a/get/responses/200/content/application~1json/schema/type (line 14): is not a valid schema: must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string")',
        '#/components/schemas/Short/minLength (line 35): is not a valid schema: must be >= 0',
        'test/fixtures/contract-apis/broken/part.yaml#/Thing/properties/n/minimum (line 4): is not a valid schema: must be number',
      ],
    );
  });

  void it('reports a schema $ref that leads nowhere', async () => {
    const error = await documentError({
      openapi: '3.1.0',
      info,
      paths: { '/pets': { get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } },
    });
    assert.deepEqual(error.problems, [{ pointer: '#/paths/~1pets/get/responses/200/content/application~1json/schema', line: undefined, message: "can't resolve reference #/components/schemas/Missing" }]);
    assert.match(error.message, /^the OpenAPI document given as an object is not valid \(1 problem\)/);
  });

  void it('reports YAML that does not parse, with its line', async () => {
    const error = await documentError(broken('syntax.yaml'));
    assert.match(error.message, /^the OpenAPI document .*syntax\.yaml is not valid YAML or JSON/);
    assert.equal(error.problems[0]?.line, 8);
    assert.match(String(error.problems[0]?.message), /Flow sequence/);
  });

  void it('reports a file that is missing, or that a $ref names and is missing', async () => {
    const missing = await documentError(broken('none.yaml'));
    assert.match(missing.message, /^the OpenAPI document .*none\.yaml cannot be read: there is no such file/);
    const ref = await documentError({ openapi: '3.1.0', info, paths: { '/pets': { $ref: './no-such-file.yaml#/pets' } } });
    assert.equal(ref.problems[0]?.pointer, '#/paths/~1pets');
    assert.match(String(ref.problems[0]?.message), /\$ref "\.\/no-such-file\.yaml#\/pets": the OpenAPI document no-such-file\.yaml cannot be read: there is no such file/);
  });

  void it('reads only OpenAPI 3.0 and 3.1', async () => {
    const swagger = await documentError({ swagger: '2.0', info, paths: {} });
    assert.deepEqual(swagger.problems.map((p) => p.message), ['is "2.0": tandem reads OpenAPI 3.0 and 3.1 documents; convert a Swagger 2.0 document first']);
    const four = await documentError({ openapi: '4.0.0', info, paths: {} });
    assert.deepEqual(four.problems.map((p) => `${p.pointer}: ${p.message}`), ['#/openapi: is "4.0.0": tandem reads OpenAPI 3.0.x and 3.1.x']);
  });

  void it('fails every request the same way, each with its own request named', async () => {
    const api = make({ openapi: broken('rules.yaml') });
    const first = await rejectsWith<OpenApiDocumentError>(api.get('/pets'), 'TANDEM_OPENAPI_DOCUMENT');
    const second = await rejectsWith<OpenApiDocumentError>(api.get('/pets/p1'), 'TANDEM_OPENAPI_DOCUMENT');
    assert.notEqual(first, second);
    assert.deepEqual(first.problems, second.problems);
    assert.match(second.message, /GET http:\/\/localhost\/pets\/p1/);
  });
});
