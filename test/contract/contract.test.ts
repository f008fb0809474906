/**
 * The contract suite: every case in cases.ts runs against every target in targets.ts. What a test
 * sees must not depend on the target; a case that cannot apply to a target states why it is skipped.
 */
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../src/index.js';
import { CONTRACT_CASES } from './cases.js';
import { CONTRACT_TARGETS, type TargetSession } from './targets.js';

const CASE_LIMIT_MS = 60_000;

for (const target of CONTRACT_TARGETS) {
  void describe(target.name, () => {
    let session: TargetSession | undefined;
    let api: TestApp | undefined;

    before(async () => {
      session = await target.setUp();
      api = session.create();
      await api.ready();
    });

    after(async () => {
      await api?.close();
      await session?.tearDown();
    });

    for (const contractCase of CONTRACT_CASES) {
      const skip = contractCase.skip?.(target);
      void it(contractCase.name, { skip: skip ?? false, timeout: CASE_LIMIT_MS }, async () => {
        if (!api || !session) throw new Error(`${target.name} did not start`);
        await contractCase.run({ api, target, create: session.create });
      });
    }
  });
}
