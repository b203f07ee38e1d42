import type { SweepDefinition } from './define-sweep.js';
import { sweepFingerprint } from './plan-sweep.js';

/** One queue per sweep definition: a worker with another version of the sweep file never takes its trials. */
export const queueName = (sweep: SweepDefinition) => `l0prune-sweep-${sweep.name}-${sweepFingerprint(sweep)}`;
