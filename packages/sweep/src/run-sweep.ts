import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { defineSweep } from './define-sweep.js';
import { SweepError } from './errors.js';
import type { Executor, Outcome } from './executor.js';
import { Journal, readJournal } from './journal.js';
import { absoluteModule, loadSweep } from './load-sweep.js';
import { planSweep, sweepFingerprint } from './plan-sweep.js';
import type { PlannedTrial, SweepState } from './planner.js';
import { ProcessPool } from './process-pool.js';
import { sweepProgress } from './progress.js';
import { connectQueue, type QueueOptions } from './redis-queue.js';
import { type FailedTrial, type SweepReport, writeReport } from './report.js';

export interface RunSweepOptions {
  /** The module whose default export is the sweep; every worker imports it too. */
  sweepModule: string;
  /** Journal, trial folders and results; an existing journal of the same sweep is resumed. */
  dir: string;
  /** Worker processes of the embedded pool; default one per core. */
  workers?: number;
  /** `redis://host:port`: put the trials on a BullMQ queue for workers on any machine instead. */
  queue?: string;
  /** With a queue: trials queued at once (ASHA decides the rest as results come); default 64. */
  parallel?: number;
  queueOptions?: QueueOptions;
  /** Runs of one trial whose worker died before it is given up; default 3. */
  maxAttempts?: number;
  /** Progress bar (terminal) or lines (pipe); default true. */
  progress?: boolean;
  /** Node flags of the pool's workers; default this process's. */
  execArgv?: string[];
}

/**
 * Runs a sweep to the end, resuming its journal: finished trials are never run again, trials an
 * interrupted run had started run first (their folders keep their checkpoints). Writes
 * results.json / results.md / pareto.svg into `dir`.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepReport> {
  const workers = options.workers ?? availableParallelism();
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(workers) || workers < 1) throw new SweepError(`workers must be an integer ≥ 1, got ${workers}`);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new SweepError(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  const sweepModule = absoluteModule(options.sweepModule);
  const sweep = defineSweep(await loadSweep(sweepModule));
  const dir = resolve(options.dir);
  const planner = planSweep(sweep);
  const journal = new Journal(dir, sweep.name, sweepFingerprint(sweep));
  const executor: Executor = options.queue
    ? await connectQueue(options.queue, sweep, options.parallel ?? 64, options.queueOptions)
    : new ProcessPool({ sweepModule, workers, trialsDir: join(dir, 'trials'), execArgv: options.execArgv });

  const running = new Map<string, Promise<void>>();
  const attempts = new Map<string, number>();
  const failed = new Map<string, FailedTrial>();
  const progress = sweepProgress(sweep.name, planner.total, journal.finished.size, options.progress ?? true, {
    estimated: planner.estimated,
  });
  const state = (): SweepState => ({
    started: journal.started,
    running: new Set(running.keys()),
    finished: new Map([...journal.finished].map(([id, r]) => [id, r.metrics])),
    failed: new Set(failed.keys()),
  });
  const describe = (t: PlannedTrial) => `${t.id} ${JSON.stringify(t.params)}`;

  const settle = (trial: PlannedTrial, attempt: number, outcome: Outcome) => {
    const at = new Date().toISOString();
    if (outcome.kind === 'finished') {
      const { metrics, files, seconds, worker } = outcome;
      const record = { id: trial.id, params: trial.params, rung: trial.rung, metrics, files, seconds, worker };
      journal.append({ event: 'finished', ...record, attempts: outcome.attempts ?? attempt, finishedAt: at });
      const objective = metrics[sweep.objective.metric];
      progress.trialEnded(
        `${describe(trial)} → ${sweep.objective.metric} ${objective}`,
        journal.finished.get(trial.id),
      );
      return;
    }
    if (outcome.kind === 'lost' && attempt < maxAttempts) {
      progress.trialEnded(`${describe(trial)}: ${outcome.reason}; running it again (attempt ${attempt + 1})`);
      return;
    }
    const error = outcome.kind === 'lost' ? `${outcome.reason}, ${attempt} times` : outcome.error;
    failed.set(trial.id, { id: trial.id, params: trial.params, error });
    journal.append({ event: 'failed', id: trial.id, params: trial.params, error, attempts: attempt, at });
    progress.trialEnded(`${describe(trial)} FAILED: ${error.split('\n')[0]}`);
  };

  try {
    for (;;) {
      for (let t = planner.next(state()); t && running.size < executor.capacity; t = planner.next(state())) {
        const trial = t;
        const attempt = (attempts.get(trial.id) ?? 0) + 1;
        attempts.set(trial.id, attempt);
        journal.append({ event: 'started', id: trial.id, params: trial.params, attempt, at: new Date().toISOString() });
        const done = executor.run(trial, attempt).then((outcome) => {
          running.delete(trial.id);
          settle(trial, attempt, outcome);
        });
        // Raced below; this handler only keeps a second failure after the first from going unhandled.
        done.catch(() => {});
        running.set(trial.id, done);
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    progress.stop();
    await executor.close();
    journal.close();
  }
  return writeReport(sweep, journal.finished.values(), [...failed.values()], dir);
}

/** Writes results.md / results.json / pareto.svg from the journal as it stands (a sweep may still be running). */
export async function reportSweep(options: { sweepModule: string; dir: string }): Promise<SweepReport> {
  const sweep = defineSweep(await loadSweep(absoluteModule(options.sweepModule)));
  const dir = resolve(options.dir);
  const { finished, failed } = readJournal(dir, sweep.name, sweepFingerprint(sweep));
  return writeReport(sweep, finished, failed, dir);
}
