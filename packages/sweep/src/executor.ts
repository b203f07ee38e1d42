import type { Metrics } from './define-sweep.js';
import type { PlannedTrial } from './planner.js';

export type Outcome =
  | { kind: 'finished'; metrics: Metrics; files: string[]; seconds: number; worker: string; attempts?: number }
  /** The trial threw: a property of its config, not run again in this sweep run. */
  | { kind: 'failed'; error: string; worker: string; attempts?: number }
  /** The worker died under the trial: run it again. */
  | { kind: 'lost'; reason: string; worker: string };

/** Where trials run: a pool of processes on this machine, or a queue that workers anywhere pull from. */
export interface Executor {
  /** How many trials may run at once. */
  readonly capacity: number;
  /** Rejects only when the executor itself cannot go on (a sweep module that does not load, …). */
  run(trial: PlannedTrial, attempt: number): Promise<Outcome>;
  close(): Promise<void>;
}
