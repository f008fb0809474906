/**
 * Looks into the service's Redis and RabbitMQ from the outside (from REDIS_URL, AMQP_URL and
 * NOTES_NAMESPACE, the same settings the service reads) to prove the tests cleaned up after
 * themselves: no note, index or count of theirs left, and the worker's queue drained.
 */
import assert from 'node:assert/strict';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import { readConfig, resourceNames } from '../../src/config.js';
import type { Note } from '../../src/note.js';
import { eventually } from './eventually.js';
import { authorsUsed } from './test-data.js';

async function leftoverKeys(redis: Redis, prefix: string, authors: ReadonlySet<string>): Promise<string[]> {
  const left: string[] = [];
  for (const author of authors) {
    if ((await redis.exists(`${prefix}author:${author}:notes`)) === 1) left.push(`${prefix}author:${author}:notes`);
    for (const hash of ['stats:notes', 'stats:edits']) {
      if ((await redis.hexists(`${prefix}${hash}`, author)) === 1) left.push(`${prefix}${hash} field ${author}`);
    }
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}note:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await redis.mget(keys);
    values.forEach((value, i) => {
      if (value !== null && authors.has((JSON.parse(value) as Note).author)) left.push(keys[i]!);
    });
  } while (cursor !== '0');
  return left;
}

async function queueDepth(url: string, queue: string): Promise<number> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    return messageCount;
  } finally {
    await connection.close();
  }
}

/** Asserts that Redis holds nothing of this process's test authors and that the queue is drained. */
export async function assertBackendClean(env: Record<string, string | undefined> = process.env): Promise<void> {
  const config = readConfig(env);
  if (!config.redisUrl || authorsUsed.size === 0) return;
  const names = resourceNames(config.namespace);
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined); // a failed connect() rejects with it
  try {
    await redis.connect();
    const left = await leftoverKeys(redis, names.keyPrefix, authorsUsed);
    assert.deepEqual(left, [], `Redis still holds data of this file's test authors: ${left.join(', ')}`);
  } finally {
    redis.disconnect();
  }
  if (config.amqpUrl) {
    const amqpUrl = config.amqpUrl;
    await eventually(async () => assert.equal(await queueDepth(amqpUrl, names.queue), 0, `queue ${names.queue} is not drained`), { timeoutMs: 10_000, intervalMs: 100 });
  }
}
