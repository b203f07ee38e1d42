import { SweepError } from './errors.js';

export type ParameterValue = number | string | boolean;

/** A list of values (grid, or random/ASHA picking one uniformly) or a numeric range (random/ASHA only). */
export type ParameterSpec =
  | { values: readonly ParameterValue[] }
  | { min: number; max: number; scale?: 'linear' | 'log'; integer?: boolean };

export type ParameterSpace = Record<string, ParameterSpec>;

const isRange = (s: ParameterSpec): s is Extract<ParameterSpec, { min: number }> => 'min' in s;

/** Reads `a.b.c` inside a plain object; undefined when a step is missing. */
export function getPath(object: unknown, path: string): unknown {
  let at = object;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A deep copy of `base` with `a.b.c` set: the base config is never changed. */
export function withPaths<C>(base: C, values: Record<string, ParameterValue>): C {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.');
    let at = copy;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  return copy as C;
}

/**
 * Every swept name must be a setting the trial already has in `base` (a dotted path for nested
 * ones, e.g. `layers.fc1.alphaL0`), so a typo cannot sweep a setting nobody reads.
 */
export function checkParameterSpace(space: ParameterSpace, base: unknown): void {
  const names = Object.keys(space);
  if (names.length === 0) throw new SweepError('the sweep has no parameters: give at least one in `parameters`');
  for (const name of names) {
    const current = getPath(base, name);
    if (current === undefined) {
      const parent = name.includes('.') ? getPath(base, name.slice(0, name.lastIndexOf('.'))) : base;
      const known = parent && typeof parent === 'object' ? Object.keys(parent).join(', ') : '(none: not an object)';
      throw new SweepError(`unknown parameter '${name}': not a setting of the base config (valid here: ${known})`);
    }
    checkSpec(name, space[name]!, current);
  }
}

function checkSpec(name: string, spec: ParameterSpec, current: unknown): void {
  if (isRange(spec)) {
    const { min, max, scale = 'linear' } = spec;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
      throw new SweepError(`parameter '${name}': range needs finite min ≤ max, got [${min}, ${max}]`);
    if (scale === 'log' && min <= 0) throw new SweepError(`parameter '${name}': a log range needs min > 0, got ${min}`);
    if (typeof current !== 'number')
      throw new SweepError(`parameter '${name}': a numeric range for a setting that is ${typeof current} in the base`);
    return;
  }
  if (!Array.isArray(spec.values) || spec.values.length === 0)
    throw new SweepError(`parameter '${name}': empty list of values; give at least one value (or a {min, max} range)`);
  for (const v of spec.values)
    if (typeof v !== typeof current)
      throw new SweepError(
        `parameter '${name}': value ${JSON.stringify(v)} is not a ${typeof current} like the base's`,
      );
}

/** The cartesian product of every parameter's values, in a fixed order (first parameter slowest). */
export function gridPoints(space: ParameterSpace): Record<string, ParameterValue>[] {
  let points: Record<string, ParameterValue>[] = [{}];
  for (const [name, spec] of Object.entries(space)) {
    if (isRange(spec))
      throw new SweepError(`parameter '${name}' is a range: a grid needs \`values\` (or use random or ASHA search)`);
    points = points.flatMap((p) => spec.values.map((v) => ({ ...p, [name]: v })));
  }
  return points;
}

/** One random point: uniform over a list, uniform (or log-uniform) over a range. */
export function samplePoint(space: ParameterSpace, random: () => number): Record<string, ParameterValue> {
  const point: Record<string, ParameterValue> = {};
  for (const [name, spec] of Object.entries(space)) {
    if (!isRange(spec)) {
      point[name] = spec.values[Math.min(spec.values.length - 1, Math.floor(random() * spec.values.length))]!;
      continue;
    }
    const u = random();
    const value =
      spec.scale === 'log'
        ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min)))
        : spec.min + u * (spec.max - spec.min);
    point[name] = spec.integer ? Math.round(value) : Number(value.toPrecision(6));
  }
  return point;
}
