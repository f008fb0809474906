/**
 * Notes and stats in Redis. Keys, all under the namespace's prefix:
 * `note:<id>` (the note as JSON), `notes` and `author:<author>:notes` (sorted sets of ids, in id
 * order, for paging), `stats:notes` and `stats:edits` (hashes of counts by author; a count that
 * reaches zero is removed, so an author with nothing left leaves no trace).
 */
import { Redis } from 'ioredis';
import type { Note } from '../note.js';
import type { AuthorStats, NotePage, Store, WriteResult } from './store.js';

const PING_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 3_000;
const MAX_ATTEMPTS = 5;

/** Replaces KEYS[1] by ARGV[2] only if it still holds ARGV[1]: 1 done, 0 changed meanwhile, -1 gone. */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/** Deletes note KEYS[1] and its index entries only if it still holds ARGV[1]. */
const COMPARE_AND_DELETE = `
local current = redis.call('GET', KEYS[1])
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1`;

/** Adds ARGV[2] and ARGV[3] to author ARGV[1] in hashes KEYS[1] and KEYS[2]; zero counts are removed. */
const ADD_STATS = `
for i = 1, 2 do
  local delta = tonumber(ARGV[i + 1])
  if delta ~= 0 then
    local value = redis.call('HINCRBY', KEYS[i], ARGV[1], delta)
    if value == 0 then redis.call('HDEL', KEYS[i], ARGV[1]) end
  end
end
return 1`;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class RedisStore implements Store {
  readonly kind = 'redis';
  readonly #redis: Redis;
  readonly #prefix: string;
  #lastError: Error | undefined;

  private constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
    redis.on('error', (error: Error) => {
      this.#lastError = error;
    });
    redis.on('ready', () => {
      this.#lastError = undefined;
    });
  }

  /**
   * Connects to `url`; rejects (and gives up) if Redis does not answer within a few seconds.
   *
   * @example
   * const store = await RedisStore.connect('redis://127.0.0.1:6379', 'notes:');
   */
  static async connect(url: string, prefix: string): Promise<RedisStore> {
    const redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    const store = new RedisStore(redis, prefix);
    try {
      await withTimeout(redis.connect(), CONNECT_TIMEOUT_MS, `Redis at ${new URL(url).host}`);
    } catch (error) {
      redis.disconnect();
      throw new Error(`cannot connect to Redis at ${new URL(url).host}: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  #noteKey(id: string): string {
    return `${this.#prefix}note:${id}`;
  }
  #allKey(): string {
    return `${this.#prefix}notes`;
  }
  #authorKey(author: string): string {
    return `${this.#prefix}author:${author}:notes`;
  }
  #statsKeys(): [string, string] {
    return [`${this.#prefix}stats:notes`, `${this.#prefix}stats:edits`];
  }

  async create(note: Note): Promise<void> {
    // Equal scores keep a sorted set in member order, and ids sort in creation order.
    await this.#redis
      .multi()
      .set(this.#noteKey(note.id), JSON.stringify(note))
      .zadd(this.#allKey(), 0, note.id)
      .zadd(this.#authorKey(note.author), 0, note.id)
      .exec();
  }

  async get(id: string): Promise<Note | undefined> {
    const raw = await this.#redis.get(this.#noteKey(id));
    return raw === null ? undefined : (JSON.parse(raw) as Note);
  }

  async list({ author, offset, limit }: { author?: string | undefined; offset: number; limit: number }): Promise<NotePage> {
    const index = author === undefined ? this.#allKey() : this.#authorKey(author);
    const [total, ids] = await Promise.all([this.#redis.zcard(index), this.#redis.zrange(index, offset, offset + limit - 1)]);
    if (ids.length === 0) return { items: [], total };
    const raws = await this.#redis.mget(ids.map((id) => this.#noteKey(id)));
    return { items: raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as Note), total };
  }

  async update(id: string, change: (current: Note) => Note, expectedVersion?: number): Promise<WriteResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.#redis.get(this.#noteKey(id));
      if (raw === null) return { ok: false, reason: 'missing' };
      const current = JSON.parse(raw) as Note;
      if (expectedVersion !== undefined && expectedVersion !== current.version) return { ok: false, reason: 'conflict', current };
      const next = change(current);
      const done = (await this.#redis.eval(COMPARE_AND_SET, 1, this.#noteKey(id), raw, JSON.stringify(next))) as number;
      if (done === 1) return { ok: true, note: next };
      if (done === -1) return { ok: false, reason: 'missing' };
    }
    throw new Error(`note ${id} kept changing during ${MAX_ATTEMPTS} update attempts`);
  }

  async remove(id: string): Promise<WriteResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.#redis.get(this.#noteKey(id));
      if (raw === null) return { ok: false, reason: 'missing' };
      const current = JSON.parse(raw) as Note;
      const done = (await this.#redis.eval(COMPARE_AND_DELETE, 3, this.#noteKey(id), this.#allKey(), this.#authorKey(current.author), raw, id)) as number;
      if (done === 1) return { ok: true, note: current };
      if (done === -1) return { ok: false, reason: 'missing' };
    }
    throw new Error(`note ${id} kept changing during ${MAX_ATTEMPTS} delete attempts`);
  }

  async addStats(author: string, delta: AuthorStats): Promise<void> {
    await this.#redis.eval(ADD_STATS, 2, ...this.#statsKeys(), author, delta.notes, delta.edits);
  }

  async stats(author: string): Promise<AuthorStats> {
    const [notesKey, editsKey] = this.#statsKeys();
    const [notes, edits] = await Promise.all([this.#redis.hget(notesKey, author), this.#redis.hget(editsKey, author)]);
    return { notes: Number(notes ?? 0), edits: Number(edits ?? 0) };
  }

  async allStats(): Promise<Record<string, AuthorStats>> {
    const [notesKey, editsKey] = this.#statsKeys();
    const [notes, edits] = await Promise.all([this.#redis.hgetall(notesKey), this.#redis.hgetall(editsKey)]);
    const authors = [...new Set([...Object.keys(notes), ...Object.keys(edits)])].sort();
    return Object.fromEntries(authors.map((author) => [author, { notes: Number(notes[author] ?? 0), edits: Number(edits[author] ?? 0) }]));
  }

  async ping(): Promise<void> {
    if (this.#redis.status !== 'ready') throw new Error(`Redis connection is ${this.#redis.status}${this.#lastError ? `: ${this.#lastError.message}` : ''}`);
    await withTimeout(this.#redis.ping(), PING_TIMEOUT_MS, 'Redis');
  }

  async close(): Promise<void> {
    try {
      await withTimeout(this.#redis.quit(), PING_TIMEOUT_MS, 'Redis QUIT');
    } catch {
      this.#redis.disconnect();
    }
  }
}
