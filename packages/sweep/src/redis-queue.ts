import { Job, Queue, QueueEvents } from 'bullmq';
import type { SweepDefinition } from './define-sweep.js';
import type { Executor, Outcome } from './executor.js';
import type { PlannedTrial } from './planner.js';
import { queueName } from './queue-name.js';
import { checkRedisReachable } from './redis-connection.js';
import type { TrialRun } from './run-trial.js';

export interface QueueOptions {
  /** How long to wait for Redis at the start; default 5 s. */
  connectTimeoutMs?: number;
}

export interface QueueJobData {
  trial: PlannedTrial;
}

export type QueueJobResult = TrialRun & { worker: string };

/**
 * Trials as BullMQ jobs (id = trial id, so a trial is queued once): workers on any machine run
 * them; a job whose worker died is put back by BullMQ's stalled-job check and run again.
 * Finished jobs stay in Redis with their results.
 */
export async function connectQueue(
  url: string,
  sweep: SweepDefinition,
  parallel: number,
  options: QueueOptions = {},
): Promise<Executor> {
  const connection = await checkRedisReachable(url, options.connectTimeoutMs);
  const name = queueName(sweep);
  const queue = new Queue<QueueJobData, QueueJobResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  return {
    capacity: parallel,
    async run(trial: PlannedTrial): Promise<Outcome> {
      const job = await queue.add('trial', { trial }, { jobId: trial.id, removeOnFail: true });
      try {
        const result = (await job.waitUntilFinished(events)) as QueueJobResult;
        const done = await Job.fromId(queue, trial.id);
        return { kind: 'finished', ...result, attempts: done?.attemptsStarted || 1 };
      } catch (error) {
        const message = (error as Error).message;
        if (/stalled more than allowable limit/.test(message))
          return { kind: 'lost', reason: message, worker: 'queue' };
        return { kind: 'failed', error: message, worker: 'queue' };
      }
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}
