import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SweepDefinition } from './define-sweep.js';
import { SweepError } from './errors.js';

/** A module as every worker can import it: an absolute path, or a file: URL as given. */
export const absoluteModule = (module: string) => (module.startsWith('file:') ? module : resolve(module));

/** Imports a sweep module (a path, or a file: URL) and returns its `defineSweep(…)` default export. */
export async function loadSweep(module: string): Promise<SweepDefinition> {
  const url = module.startsWith('file:') ? module : pathToFileURL(resolve(module)).href;
  let loaded: { default?: unknown };
  try {
    loaded = await import(url);
  } catch (error) {
    throw new SweepError(`cannot import the sweep module ${module}: ${(error as Error).message}`);
  }
  const sweep = loaded.default as Partial<SweepDefinition> | undefined;
  if (!sweep || typeof sweep !== 'object' || typeof sweep.trial !== 'function' || typeof sweep.name !== 'string')
    throw new SweepError(`${module} has no sweep as its default export: write \`export default defineSweep({ … })\``);
  return sweep as SweepDefinition;
}
