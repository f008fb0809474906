/** `.expectSchema()` with Standard Schemas (zod, valibot, a hand-written one, async ones), in-process and over a real socket. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { z } from 'zod';
import type { ContractError, StandardSchemaV1 } from '../../src/index.js';
import { jsonApp, NOTE } from '../fixtures/contract-apis/json-app.js';
import { MODES, rejectsWith, testApps } from './support.js';

const ZodNote = z.object({
  id: z.string(),
  title: z.string().min(1),
  tags: z.array(z.string()),
  createdAt: z.iso.datetime(),
  author: z.object({ email: z.email() }),
  pinned: z.boolean().nullable(),
});
type Note = z.infer<typeof ZodNote>;

const ValibotNote = v.object({
  id: v.string(),
  title: v.pipe(v.string(), v.minLength(1)),
  tags: v.array(v.string()),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  author: v.object({ email: v.pipe(v.string(), v.email()) }),
  pinned: v.nullable(v.boolean()),
});

const ZodList = z.object({ items: z.array(z.object({ title: z.string() })), total: z.number() });
const ValibotList = v.object({ items: v.array(v.object({ title: v.string() })), total: v.number() });

/** A zod schema with an async refinement: its `~standard.validate` returns a promise. */
const AsyncZodNote = ZodNote.refine(async (note) => {
  await new Promise((resolve) => setImmediate(resolve));
  return note.tags.length <= 1;
}, 'a note may have one tag at most');

/** A Standard Schema written by hand, no library: validates asynchronously, reports a nested path. */
const handWritten: StandardSchemaV1<unknown, { title: string }> = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate: async (value) => {
      await Promise.resolve();
      const title = (value as { title?: unknown }).title;
      return typeof title === 'string' && title.length <= 3 ? { value: { title } } : { issues: [{ message: 'title too long', path: [{ key: 'title' }] }] };
    },
  },
};

for (const mode of MODES) {
  void describe(`expectSchema with a Standard Schema (${mode})`, () => {
    const make = testApps(mode, jsonApp);

    void it('passes with zod, and types res.json from the schema', async () => {
      const res = await make().get('/note').expectSchema(ZodNote);
      const title: string = res.json.title;
      const note: Note = res.json;
      // @ts-expect-error the schema has no such key
      void res.json.nope;
      assert.equal(title, 'hi');
      assert.deepEqual(note, NOTE);
    });

    void it('passes with valibot', async () => {
      const res = await make().get('/note').expectSchema(ValibotNote);
      const email: string = res.json.author.email;
      assert.equal(email, 'ada@example.com');
    });

    void it('lists zod issues with their JSON paths and values', async () => {
      const api = make();
      const error = await rejectsWith<ContractError>(api.get('/notes').expectSchema(ZodList), 'TANDEM_CONTRACT');
      assert.equal(error.violations.length, 1);
      assert.equal(error.violations[0]?.path, '$.items[2].title');
      assert.equal(error.violations[0]?.value, '42');
      assert.match(String(error.violations[0]?.message), /expected string, received number/);
      assert.match(error.message, /^the JSON body does not match the zod schema \(1 violation\)/);
      assert.match(error.message, /\$\.items\[2\]\.title: Invalid input: expected string, received number, got 42/);
      const all = await rejectsWith<ContractError>(api.get('/bad-note').expectSchema(ZodNote), 'TANDEM_CONTRACT');
      assert.deepEqual(
        all.violations.map((x) => [x.path, x.value]),
        [
          ['$.id', '7'],
          ['$.title', 'null'],
          ['$.createdAt', '"yesterday"'],
          ['$.author.email', '"not-an-email"'],
        ],
      );
    });

    void it('lists valibot issues with their JSON paths and values', async () => {
      const error = await rejectsWith<ContractError>(make().get('/notes').expectSchema(ValibotList), 'TANDEM_CONTRACT');
      assert.deepEqual(error.violations.map((x) => [x.path, x.value]), [['$.items[2].title', '42']]);
      assert.match(error.message, /^the JSON body does not match the valibot schema/);
    });

    void it('awaits a schema that validates asynchronously', async () => {
      assert.ok(AsyncZodNote['~standard'].validate(NOTE) instanceof Promise, 'the schema really is asynchronous');
      const error = await rejectsWith<ContractError>(make().get('/note').expectSchema(AsyncZodNote), 'TANDEM_CONTRACT');
      assert.deepEqual(
        error.violations.map((x) => [x.path, x.message]),
        [['$', 'a note may have one tag at most']],
      );
      assert.ok(error.violations[0]?.value?.startsWith('{"id":"n1","title":"hi"'), 'the value is shown, cut short');
      const hand = await rejectsWith<ContractError>(make().get('/bad-note').expectSchema(handWritten), 'TANDEM_CONTRACT');
      assert.deepEqual(hand.violations, [{ path: '$.title', message: 'title too long', value: 'null' }]);
      assert.match(hand.message, /^the JSON body does not match the hand-written schema/);
      const res = await make().get('/note').expectSchema(handWritten);
      assert.equal(res.json.title, 'hi');
    });

    void it('runs checks in order: an async schema check finishes before the next check runs', async () => {
      // Both checks fail; the one chained first is the one reported.
      await rejectsWith(make().get('/note').expectSchema(AsyncZodNote).expectJson({ id: 'other' }), 'TANDEM_CONTRACT');
      await rejectsWith(make().get('/note').expectJson({ id: 'other' }).expectSchema(AsyncZodNote), 'TANDEM_EXPECTATION_FAILED');
    });
  });
}
