/** The service's configuration, read from the environment. */

export interface ServiceConfig {
  /** `REDIS_URL`; without it notes and stats live in memory. */
  redisUrl: string | undefined;
  /** `AMQP_URL`; without it events go through an in-process bus. */
  amqpUrl: string | undefined;
  /** `HOST`, default `127.0.0.1`. */
  host: string;
  /** `PORT`, default 3000; `0` picks a free port. */
  port: number;
  /** `NOTES_NAMESPACE`, default `notes`: prefixes every Redis key and names the exchange and queue. */
  namespace: string;
}

/** The Redis keys and RabbitMQ names a namespace uses. */
export interface ResourceNames {
  /** Prefix of every Redis key, e.g. `notes:`. */
  keyPrefix: string;
  /** Topic exchange the service publishes note events to. */
  exchange: string;
  /** Durable queue the stats worker consumes. */
  queue: string;
}

const NAMESPACE = /^[A-Za-z0-9._-]{1,64}$/;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Reads the configuration from `env`; throws on values that cannot work.
 *
 * @example
 * readConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0' }).port; // 0
 */
export function readConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const portText = nonEmpty(env.PORT) ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  const namespace = nonEmpty(env.NOTES_NAMESPACE) ?? 'notes';
  if (!NAMESPACE.test(namespace)) throw new Error(`NOTES_NAMESPACE may hold only letters, digits, '.', '_' and '-' (at most 64), got ${JSON.stringify(namespace)}`);
  return { redisUrl: nonEmpty(env.REDIS_URL), amqpUrl: nonEmpty(env.AMQP_URL), host: nonEmpty(env.HOST) ?? '127.0.0.1', port, namespace };
}

/** The Redis key prefix, exchange and queue of `namespace`. */
export function resourceNames(namespace: string): ResourceNames {
  return { keyPrefix: `${namespace}:`, exchange: `${namespace}.events`, queue: `${namespace}.stats-worker` };
}
