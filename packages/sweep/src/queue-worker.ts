import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { defineSweep } from './define-sweep.js';
import { SweepError } from './errors.js';
import { absoluteModule, loadSweep } from './load-sweep.js';
import { queueName } from './queue-name.js';
import { checkRedisReachable } from './redis-connection.js';

export interface QueueWorkerOptions {
  sweepModule: string;
  /** `redis://host:port`, the coordinator's queue. */
  queue: string;
  /** Trial folders on this machine (`<dir>/<trial id>`). */
  dir: string;
  /** Trials at once on this machine, each in its own process; default 1. */
  concurrency?: number;
  /** A job whose worker stops renewing its lock for this long is taken as dead and run again; default 30 s. */
  lockDurationMs?: number;
  /** How often this worker looks for such jobs; default 30 s. */
  stalledIntervalMs?: number;
  /** Times a trial may lose its worker before it fails; default 2. */
  maxStalledCount?: number;
}

const PROCESSOR = fileURLToPath(new URL('./queue-processor.js', import.meta.url));

/** Pulls the sweep's trials from Redis until closed: run `l0prune-sweep worker` on any machine with the code. */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<{ close(): Promise<void> }> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new SweepError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  const sweepModule = absoluteModule(options.sweepModule);
  const sweep = defineSweep(await loadSweep(sweepModule));
  const connection = await checkRedisReachable(options.queue);
  // The sandboxed processor reads these: BullMQ gives it the job only.
  process.env.L0PRUNE_SWEEP_MODULE = sweepModule;
  process.env.L0PRUNE_SWEEP_DIR = resolve(options.dir);
  const worker = new Worker(queueName(sweep), PROCESSOR, {
    connection,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    useWorkerThreads: false,
  });
  worker.on('error', (error) => console.error(`sweep worker: ${error.message}`));
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
