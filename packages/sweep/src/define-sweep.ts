import { SweepError } from './errors.js';
import { checkParameterSpace, getPath, type ParameterSpace } from './parameters.js';

export type Metrics = Record<string, number>;

/** Every combination of the parameters' values (seeds included: a `seed` parameter gives repeats). */
export interface GridSearch {
  kind: 'grid';
}

/** `trials` points drawn from the space with a seeded generator: the same seed draws the same points. */
export interface RandomSearch {
  kind: 'random';
  trials: number;
  seed: number;
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020): `trials` configurations start at the
 * smallest budget; whenever a worker is free, the best 1/`reduction` of a rung go on to the next
 * rung at `reduction`× the budget, up to `budget.max`.
 */
export interface AshaSearch {
  kind: 'asha';
  trials: number;
  seed: number;
  /** The setting of the base config that is the budget (e.g. `epochs`), from min to max. */
  budget: { parameter: string; min: number; max: number };
  reduction?: number;
}

export type Search = GridSearch | RandomSearch | AshaSearch;

export interface Objective {
  metric: string;
  mode: 'min' | 'max';
}

export interface TrialContext {
  /** Stable id of this trial (a hash of its config): the same config is the same trial. */
  id: string;
  /** A folder of this trial's own (checkpoints, models), kept across retries so a retried trial can resume. */
  dir: string;
  /** 1 for the first run, 2 after a worker died running it, … */
  attempt: number;
  /** The swept values alone (with the budget under ASHA). */
  params: Record<string, unknown>;
}

export interface TrialResult {
  metrics: Metrics;
  /** Files the trial wrote that belong to its result, relative to `context.dir`. */
  files?: string[];
}

export interface SweepDefinition<Config = Record<string, unknown>> {
  /** Names the journal and the Redis queue: letters, digits, '-' and '_'. */
  name: string;
  /** The full config of one trial; `parameters` override some of its settings. */
  base: Config;
  parameters: ParameterSpace;
  search: Search;
  /** What ASHA ranks by and the results table sorts by. */
  objective: Objective;
  /**
   * A parameter whose values repeat one configuration (e.g. `seed`): the report adds each configuration's mean, min
   * and max over them.
   */
  repeats?: string;
  /** Two metrics for the Pareto front plot, e.g. compression ratio (max) against error (min). */
  pareto?: { x: Objective & { log?: boolean }; y: Objective & { log?: boolean } };
  trial: (config: Config, context: TrialContext) => Promise<TrialResult>;
}

const positiveInteger = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

/** Checks a sweep up front (names, space, search) and returns it typed; workers import the same module. */
export function defineSweep<Config>(definition: SweepDefinition<Config>): SweepDefinition<Config> {
  const d = definition;
  if (typeof d.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(d.name))
    throw new SweepError(`sweep name must be 1–64 letters, digits, '-' or '_', got ${JSON.stringify(d.name)}`);
  if (typeof d.trial !== 'function') throw new SweepError(`sweep '${d.name}': \`trial\` must be an async function`);
  if (d.base === null || typeof d.base !== 'object')
    throw new SweepError(`sweep '${d.name}': \`base\` must be an object`);
  checkParameterSpace(d.parameters, d.base);
  checkSearch(d as SweepDefinition<unknown>);
  if (d.repeats !== undefined && !(d.repeats in d.parameters))
    throw new SweepError(
      `sweep '${d.name}': repeats names '${d.repeats}', which is not a swept parameter ` +
        `(swept: ${Object.keys(d.parameters).join(', ')})`,
    );
  for (const o of [d.objective, d.pareto?.x, d.pareto?.y])
    if (o && (typeof o.metric !== 'string' || (o.mode !== 'min' && o.mode !== 'max')))
      throw new SweepError(`sweep '${d.name}': an objective needs a metric name and mode 'min' or 'max'`);
  return definition;
}

function checkSearch(d: SweepDefinition<unknown>): void {
  const s: Search = d.search;
  const where = `sweep '${d.name}'`;
  if (s?.kind === 'grid') return;
  if (s?.kind !== 'random' && s?.kind !== 'asha')
    throw new SweepError(
      `${where}: search.kind must be 'grid', 'random' or 'asha', got ` +
        `${JSON.stringify((s as { kind?: unknown })?.kind)}`,
    );
  if (!positiveInteger(s.trials))
    throw new SweepError(`${where}: search.trials must be an integer ≥ 1, got ${s.trials}`);
  if (!Number.isInteger(s.seed)) throw new SweepError(`${where}: search.seed must be an integer, got ${s.seed}`);
  if (s.kind === 'random') return;
  const { parameter, min, max } = s.budget ?? {};
  if (typeof parameter !== 'string' || typeof getPath(d.base, parameter) !== 'number')
    throw new SweepError(`${where}: search.budget.parameter must name a numeric setting of the base, got ${parameter}`);
  if (parameter in d.parameters)
    throw new SweepError(`${where}: '${parameter}' is the ASHA budget; it cannot also be a swept parameter`);
  if (!(Number.isFinite(min) && Number.isFinite(max) && min! > 0 && min! <= max!))
    throw new SweepError(`${where}: search.budget needs 0 < min ≤ max, got [${min}, ${max}]`);
  const reduction = s.reduction ?? 3;
  if (!positiveInteger(reduction) || reduction < 2)
    throw new SweepError(`${where}: search.reduction must be an integer ≥ 2, got ${reduction}`);
}
