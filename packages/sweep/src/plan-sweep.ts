import { createHash } from 'node:crypto';
import { mulberry32 } from '@l0prune/core';
import { ashaPlanner } from './asha.js';
import type { SweepDefinition } from './define-sweep.js';
import { getPath, gridPoints, samplePoint } from './parameters.js';
import { listPlanner, type Planner } from './planner.js';
import { canonicalJson, trialId } from './trial-id.js';

/** The planner of a sweep's search: grid, random or ASHA. */
export function planSweep(sweep: SweepDefinition): Planner {
  const s = sweep.search;
  const trials = (points: Record<string, number | string | boolean>[]) =>
    points.map((params) => ({ id: trialId(params), params, rung: 0 }));
  if (s.kind === 'grid') return listPlanner(trials(gridPoints(sweep.parameters)));
  if (s.kind === 'random') {
    const random = mulberry32(s.seed);
    return listPlanner(trials(Array.from({ length: s.trials }, () => samplePoint(sweep.parameters, random))));
  }
  return ashaPlanner(sweep.parameters, s, sweep.objective, Number.isInteger(getPath(sweep.base, s.budget.parameter)));
}

/** What makes two runs the same sweep: a journal only resumes the sweep that wrote it. */
export function sweepFingerprint(sweep: SweepDefinition): string {
  const { name, base, parameters, search, objective } = sweep;
  return createHash('sha256')
    .update(canonicalJson({ name, base, parameters, search, objective }))
    .digest('hex')
    .slice(0, 16);
}
