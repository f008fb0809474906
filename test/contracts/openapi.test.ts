/**
 * The `openapi` option: every response checked against an OpenAPI 3.0 and a 3.1 document of the
 * same pets API (nullable, oneOf + discriminator, readOnly/writeOnly, `$ref`s into another file,
 * path parameters, `default` and `4XX` responses), in-process and over a real socket.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ContractError, ContractViolation, TestApp } from '../../src/index.js';
import { petsApp, PNG, received } from '../fixtures/contract-apis/pets-app.js';
import { MODES, rejectsWith, testApps } from './support.js';

const DOCUMENTS = {
  '3.0': fileURLToPath(new URL('../fixtures/contract-apis/pets-3.0.yaml', import.meta.url)),
  '3.1': fileURLToPath(new URL('../fixtures/contract-apis/pets-3.1.yaml', import.meta.url)),
};

const NEW_CAT = { kind: 'cat', name: 'Nala', lives: 7, nickname: null, secretCode: 'c0de' };

for (const [version, openapi] of Object.entries(DOCUMENTS)) {
  for (const mode of MODES) {
    void describe(`OpenAPI ${version} document (${mode})`, () => {
      const make = testApps(mode, petsApp);

      void it('passes every exchange the document describes', async () => {
        const api = make({ openapi });
        await api.get('/pets').expect(200); // nullable next, a oneOf of cat and dog chosen by kind
        await api.get('/pets/stats').expectJson({ count: 3 }); // /pets/stats, not /pets/{id}
        await api.get('/pets/p1').expectJson({ kind: 'cat', nickname: null });
        await api.get('/pets/p2').expectJson({ kind: 'dog', weight: 12.5 });
        await api.get('/pets/nope').expect(404); // a response $ref'd from another file
        await api.get('/pets/teapot').expect(418); // answered by `default`
        await api.delete('/pets/p1').expect(204);
        const photo = await api.get('/pets/p1/photo').expect(200);
        assert.deepEqual(Buffer.from(photo.body), PNG);
        await api.post('/pets').json(NEW_CAT).expect(201).expectHeader('location', '/pets/p9');
        await api.post('/pets').json({ kind: 'cat' }).expect(400); // answered by 4XX
        await api.head('/pets/p1').expect(200); // HEAD is checked against GET, without a body
      });

      void it('fails a response whose body breaks the schema, naming the path and the value', async () => {
        const api = make({ openapi });
        const error = await rejectsWith<ContractError>(api.get('/pets').query({ broken: 'item' }), 'TANDEM_CONTRACT');
        assert.deepEqual(error.violations, [{ path: '$.items[2].name', message: 'must be string', value: '42' }]);
        assert.equal(error.operation, 'GET /pets');
        assert.match(error.message, /^the response does not match the OpenAPI document \(.*pets-3\.[01]\.yaml\) for GET \/pets → 200 \(1 violation\)/);
        assert.match(error.message, /\$\.items\[2\]\.name: must be string, got 42/);
        assert.match(error.message, /GET http:\/\/(localhost|127\.0\.0\.1:\d+)\/pets\?broken=item/);
      });

      /** Exchanges that break one rule of the document each, and the one violation each must report. */
      const broken: Array<[string, (api: TestApp) => Promise<unknown>, ContractViolation]> = [
        ['checks a oneOf by its discriminator', (api) => api.get('/pets').query({ broken: 'kind' }), { path: '$.items[1].kind', message: 'must be one of "cat", "dog"', value: '"bird"' }],
        ['refuses a writeOnly property in a response, without showing its value', (api) => api.post('/pets').query({ leak: 1 }).json(NEW_CAT), { path: '$.secretCode', message: 'is writeOnly: it must not appear in a response' }],
        ['requires the headers the document requires', (api) => api.post('/pets').query({ noLocation: 1 }).json(NEW_CAT), { path: 'header Location', message: 'is required by the document, and absent' }],
        [
          'refuses a content type the response does not document',
          (api) => api.get('/pets/p1').query({ as: 'html' }),
          { path: 'content-type', message: 'is not documented for this response; documented: application/json', value: '"text/html; charset=utf-8"' },
        ],
      ];
      for (const [name, exchange, violation] of broken) {
        void it(name, async () => {
          const error = await rejectsWith<ContractError>(exchange(make({ openapi })), 'TANDEM_CONTRACT');
          assert.deepEqual(error.violations, [violation]);
        });
      }

      void it('fails an undocumented status, listing the documented ones', async () => {
        const api = make({ openapi });
        const error = await rejectsWith<ContractError>(api.get('/pets').query({ fail: 1 }).expect(503), 'TANDEM_CONTRACT');
        assert.match(error.message, /^GET \/pets answered 503, a status the OpenAPI document \(.*\) does not describe for it; it describes 200/);
        assert.deepEqual(error.violations, [{ path: 'status', message: '503 is not documented; documented: 200' }]);
      });

      void it('fails an undocumented method and path, listing what the document allows', async () => {
        const api = make({ openapi });
        const method = await rejectsWith<ContractError>(api.put('/pets/p1').json({}), 'TANDEM_CONTRACT');
        assert.match(method.message, /^PUT \/pets\/\{id\} is not in the OpenAPI document \(.*\); \/pets\/\{id\} documents GET, DELETE/);
        const path = await rejectsWith<ContractError>(api.get('/owners').expect(404), 'TANDEM_CONTRACT');
        assert.match(path.message, /^GET \/owners is not in the OpenAPI document \(.*\): no path matches it/);
        assert.match(path.message, /the document's operations:\n\s+GET \/pets\n\s+POST \/pets\n\s+GET \/pets\/stats\n\s+GET \/pets\/\{id\}\n\s+DELETE \/pets\/\{id\}\n\s+GET \/pets\/\{id\}\/photo/);
      });

      void it('lets a request opt out with .contract(false)', async () => {
        const api = make({ openapi });
        await api.get('/owners').contract(false).expect(404);
        await api.put('/pets/p1').json({}).contract(false).expect(200);
        await api.get('/pets').query({ broken: 'item' }).contract(false).expect(200);
        await api.get('/pets').query({ broken: 'item' }).contract({ response: false });
      });

      void it('checks request bodies only with validateRequests, before sending', async () => {
        const lenient = make({ openapi });
        await lenient.post('/pets').json({ ...NEW_CAT, id: 'mine' }).expect(201);
        const api = make({ openapi, validateRequests: true });
        const before = received.count;
        const readOnly = await rejectsWith<ContractError>(api.post('/pets').json({ ...NEW_CAT, id: 'mine' }), 'TANDEM_CONTRACT');
        assert.deepEqual(readOnly.violations, [{ path: '$.id', message: 'is readOnly: it must not appear in a request' }]);
        assert.match(readOnly.message, /^the request does not match the OpenAPI document \(.*\) for POST \/pets \(1 violation\); it was not sent/);
        assert.match(readOnly.message, /POST http:\/\/(localhost|127\.0\.0\.1:\d+)\/pets/);
        const missing = await rejectsWith<ContractError>(api.post('/pets').json({ kind: 'cat', lives: 1 }), 'TANDEM_CONTRACT');
        assert.deepEqual(
          missing.violations.map((v) => v.path),
          ['$.name', '$.secretCode'],
        );
        const text = await rejectsWith<ContractError>(api.post('/pets').send('name=Tom', 'text/plain'), 'TANDEM_CONTRACT');
        assert.equal(text.violations[0]?.path, 'content-type');
        const none = await rejectsWith<ContractError>(api.post('/pets'), 'TANDEM_CONTRACT');
        assert.deepEqual(none.violations, [{ path: 'body', message: 'is required by the document (application/json)' }]);
        assert.equal(received.count, before, 'no refused request reached the app');
        await api.post('/pets').json(NEW_CAT).expect(201);
        await api.post('/pets').json({ kind: 'cat' }).contract({ request: false }).expect(400); // the app's own validation, tested
        assert.equal(received.count, before + 2);
      });
    });
  }
}
