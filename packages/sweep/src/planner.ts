import type { Metrics, Objective } from './define-sweep.js';
import type { ParameterValue } from './parameters.js';

export interface PlannedTrial {
  id: string;
  /** The swept values (and the budget under ASHA). */
  params: Record<string, ParameterValue>;
  /** ASHA rung (0 for grid and random search). */
  rung: number;
}

export interface SweepState {
  /** Started in the journal, by this run or an interrupted one. */
  started: ReadonlySet<string>;
  running: ReadonlySet<string>;
  finished: ReadonlyMap<string, Metrics>;
  /** Failed in this run (a resumed run tries them again). */
  failed: ReadonlySet<string>;
}

/** Decides which trial runs next: grid and random search follow a list, ASHA looks at the results so far. */
export interface Planner {
  /** The next trial to start now; undefined when none can start before a running one ends (or all are done). */
  next(state: SweepState): PlannedTrial | undefined;
  /** How many trials the sweep runs at most (for the progress bar), or about how many when `estimated`. */
  readonly total: number;
  /** The total is an estimate (ASHA: asynchronous promotions can run a few trials more). */
  readonly estimated?: boolean;
}

export const isOpen = (state: SweepState, id: string) =>
  !state.finished.has(id) && !state.running.has(id) && !state.failed.has(id);

/** A fixed list of trials, in order. */
export function listPlanner(trials: PlannedTrial[]): Planner {
  return { total: trials.length, next: (state) => trials.find((t) => isOpen(state, t.id)) };
}

/** Best first; a missing or NaN metric ranks last. */
export function rankBy(objective: Objective): (a: Metrics, b: Metrics) => number {
  const key = (m: Metrics) => {
    const v = m[objective.metric];
    if (typeof v !== 'number' || Number.isNaN(v)) return Number.POSITIVE_INFINITY;
    return objective.mode === 'min' ? v : -v;
  };
  return (a, b) => key(a) - key(b);
}
