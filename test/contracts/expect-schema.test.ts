/** `.expectSchema()` with JSON Schema (2020-12, draft-07, formats), in-process and over a real socket. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContractError } from '../../src/index.js';
import { compileJsonSchema } from '../../src/contracts/json-schema.js';
import { jsonApp, NOTE, received } from '../fixtures/contract-apis/json-app.js';
import { MODES, rejectsWith, testApps } from './support.js';

/** What the note schemas of both dialects write alike. */
const REQUIRED = ['id', 'title', 'createdAt', 'author'];
const PERSON = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } };
const FIELDS = { id: { type: 'string' }, title: { type: 'string', minLength: 1 }, createdAt: { type: 'string', format: 'date-time' }, pinned: { type: ['boolean', 'null'] } };

/** A note in JSON Schema 2020-12 (the default dialect): `$defs`, `prefixItems`, `unevaluatedProperties`. */
const NOTE_2020 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: REQUIRED,
  properties: { ...FIELDS, tags: { type: 'array', items: { type: 'string' }, prefixItems: [{ const: 'a' }] }, author: { $ref: '#/$defs/person' } },
  unevaluatedProperties: false,
  $defs: { person: PERSON },
};

/** The same note in draft-07: `definitions`, and the array form of `items` (a tuple), which 2020-12 no longer has. */
const NOTE_DRAFT_07 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: REQUIRED,
  properties: { ...FIELDS, tags: { type: 'array', items: [{ const: 'a' }, { type: 'string' }], additionalItems: false }, author: { $ref: '#/definitions/person' } },
  additionalProperties: false,
  definitions: { person: PERSON },
};

for (const mode of MODES) {
  void describe(`expectSchema with JSON Schema (${mode})`, () => {
    const make = testApps(mode, jsonApp);

    void it('passes a body that matches, in draft 2020-12 and draft-07', async () => {
      const api = make();
      const res = await api.get('/note').expectSchema(NOTE_2020);
      assert.deepEqual(res.json, NOTE);
      await api.get('/note').expectSchema(NOTE_DRAFT_07);
      await api.get('/note').expectSchema(true);
    });

    void it('lists every violation with its JSON path and value (2020-12)', async () => {
      const api = make();
      const error = await rejectsWith<ContractError>(api.get('/bad-note').expectSchema(NOTE_2020), 'TANDEM_CONTRACT');
      assert.deepEqual(error.violations, [
        { path: '$.id', message: 'must be string', value: '7' },
        { path: '$.title', message: 'must be string', value: 'null' },
        { path: '$.createdAt', message: 'must match format "date-time"', value: '"yesterday"' },
        { path: '$.author.email', message: 'must match format "email"', value: '"not-an-email"' },
        { path: '$.extra', message: 'is not allowed (unevaluatedProperties)', value: 'true' },
      ]);
      assert.match(error.message, /^the JSON body does not match the JSON Schema \(5 violations\)/);
      assert.match(error.message, /\$\.author\.email: must match format "email", got "not-an-email"/);
      assert.match(error.message, new RegExp(`GET ${api.origin.replace(/[.]/g, '\\.')}/bad-note`), 'the message names the request');
      assert.equal(error.response?.status, 200);
    });

    void it('reports the same note under draft-07 rules', async () => {
      const api = make();
      const error = await rejectsWith<ContractError>(api.get('/bad-note').expectSchema(NOTE_DRAFT_07), 'TANDEM_CONTRACT');
      assert.deepEqual(
        error.violations.map((v) => v.path),
        ['$.extra', '$.id', '$.title', '$.createdAt', '$.author.email'],
      );
    });

    void it('names an element of an array by its index', async () => {
      const api = make();
      const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' } } } } } };
      const error = await rejectsWith<ContractError>(api.get('/notes').expectSchema(schema), 'TANDEM_CONTRACT');
      assert.deepEqual(error.violations, [{ path: '$.items[2].title', message: 'must be string', value: '42' }]);
    });

    void it('picks the dialect by $schema: the tuple form of items is a draft-07 schema, not a 2020-12 one', async () => {
      const api = make();
      const { $schema: _, ...undeclared } = NOTE_DRAFT_07;
      const before = received.count;
      const error = await rejectsWith(api.get('/note').expectSchema(undeclared), 'TANDEM_INVALID_REQUEST');
      assert.match(error.message, /\.expectSchema\(\): the JSON Schema is not valid: .*items/);
      assert.equal(received.count, before, 'nothing was sent');
    });

    void it('refuses a dialect it cannot check, and a schema that is not one, before sending', async () => {
      const api = make();
      const before = received.count;
      const draft4 = await rejectsWith(api.get('/note').expectSchema({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }), 'TANDEM_INVALID_REQUEST');
      assert.match(draft4.message, /draft-04.*2020-12.*2019-09.*draft-07/);
      await rejectsWith(api.get('/note').expectSchema({ type: 'strin' }), 'TANDEM_INVALID_REQUEST');
      await rejectsWith(api.get('/note').expectSchema('object' as never), 'TANDEM_INVALID_REQUEST');
      assert.equal(received.count, before);
    });

    void it('fails with TANDEM_NOT_JSON on a body that is not JSON', async () => {
      await rejectsWith(make().get('/text').expectSchema({ type: 'string' }), 'TANDEM_NOT_JSON');
    });

    void it('never shows a credential the response echoes back', async () => {
      const api = make();
      const token = 'tok-very-secret-123';
      const error = await rejectsWith<ContractError>(api.get('/echo-token').auth(token).expectSchema({ type: 'object', properties: { token: { type: 'integer' } } }), 'TANDEM_CONTRACT');
      assert.deepEqual(error.violations, [{ path: '$.token', message: 'must be integer', value: '"[REDACTED]"' }], 'runners print the violations too');
      assert.doesNotMatch(error.message, /tok-very-secret-123/);
      assert.match(error.message, /\$\.token: must be integer, got "\[REDACTED\]"/);
    });

    void it('applies to the final response of a followed redirect', async () => {
      const api = make();
      await api.get('/redirect').followRedirects().expectSchema(NOTE_2020);
      const first = await api.get('/redirect').expect(302);
      await rejectsWith(first.follow().expectSchema({ type: 'array' }), 'TANDEM_CONTRACT');
    });
  });
}

void it('compiles a schema once, an inline one written anew for each request too', () => {
  const schema = { type: 'object', title: 'compiled once' };
  assert.equal(compileJsonSchema(schema), compileJsonSchema(schema));
  assert.equal(compileJsonSchema(schema), compileJsonSchema({ type: 'object', title: 'compiled once' }));
  assert.notEqual(compileJsonSchema(schema), compileJsonSchema({ type: 'array', title: 'compiled once' }));
});
