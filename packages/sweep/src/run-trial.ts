import { mkdirSync } from 'node:fs';
import type { Metrics, SweepDefinition } from './define-sweep.js';
import { SweepError } from './errors.js';
import { withPaths } from './parameters.js';
import type { PlannedTrial } from './planner.js';

export interface TrialRun {
  metrics: Metrics;
  files: string[];
  seconds: number;
}

/** Runs one trial in this process: the base config with the trial's values, in the trial's own folder. */
export async function runTrial(
  sweep: SweepDefinition,
  trial: PlannedTrial,
  attempt: number,
  dir: string,
): Promise<TrialRun> {
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  const config = withPaths(sweep.base, trial.params);
  const result = await sweep.trial(config, { id: trial.id, dir, attempt, params: trial.params });
  const metrics = result?.metrics;
  if (!metrics || typeof metrics !== 'object')
    throw new SweepError(`trial ${trial.id} returned no \`metrics\` object: return { metrics: { name: number, … } }`);
  for (const [name, value] of Object.entries(metrics))
    if (typeof value !== 'number') throw new SweepError(`trial ${trial.id}: metric '${name}' is not a number`);
  if (!(sweep.objective.metric in metrics))
    throw new SweepError(
      `trial ${trial.id} returned no '${sweep.objective.metric}' (the objective); it returned: ` +
        `${Object.keys(metrics).join(', ')}`,
    );
  return { metrics, files: result.files ?? [], seconds: (performance.now() - start) / 1000 };
}
