// BullMQ's sandboxed processor: each trial runs in a child process, so the worker's own event
// loop stays free to renew the job's lock while training blocks this one.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SandboxedJob } from 'bullmq';
import type { SweepDefinition } from './define-sweep.js';
import { loadSweep } from './load-sweep.js';
import type { QueueJobData, QueueJobResult } from './redis-queue.js';
import { runTrial } from './run-trial.js';

// The worker was killed: stop, so its trial runs only where BullMQ puts it next.
process.on('disconnect', () => process.exit(0));

let sweep: Promise<SweepDefinition> | undefined;

export default async function processTrial(job: SandboxedJob<QueueJobData>): Promise<QueueJobResult> {
  sweep ??= loadSweep(process.env.L0PRUNE_SWEEP_MODULE!);
  const { trial } = job.data;
  const attempt = (job as { attemptsStarted?: number }).attemptsStarted || job.attemptsMade + 1;
  const run = await runTrial(await sweep, trial, attempt, join(process.env.L0PRUNE_SWEEP_DIR!, trial.id));
  return { ...run, worker: `${hostname()} pid ${process.pid}` };
}
