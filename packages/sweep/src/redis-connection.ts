import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { SweepError } from './errors.js';

/** Connection settings for BullMQ from a `redis://[user:password@]host:port[/db]` URL. */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SweepError(`the queue must be a redis://host:port URL, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new SweepError(`the queue must be a redis://host:port URL, got '${url}'`);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null, // BullMQ's workers block on Redis; they must not give up
  };
}

/** Fails fast with the address and the fix when Redis does not answer (ioredis would retry forever). */
export async function checkRedisReachable(url: string, timeoutMs = 5000): Promise<RedisOptions> {
  const options = redisOptions(url);
  const probe = new Redis({ ...options, lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on('error', () => {}); // the awaited connect() reports it
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new SweepError(
      `cannot reach Redis at ${url} (${(error as Error).message}): start redis-server there, ` +
        'or leave out the queue to run on this machine',
    );
  } finally {
    probe.disconnect();
  }
  return options;
}
