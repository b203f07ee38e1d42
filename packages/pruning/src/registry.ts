import { globalMagnitude } from './global-magnitude.js';
import { layerwiseMagnitude } from './layerwise-magnitude.js';
import { neuronPruning, type NeuronPruningOptions } from './neuron-pruning.js';
import type { Pruner } from './pruner.js';
import { randomPruning } from './random-pruning.js';
import { thresholdBisection, type ThresholdBisectionOptions } from './threshold-bisection.js';

/** Makes a pruner from plain options (as parsed from a config file or a command line). */
export type PrunerFactory = (options: Record<string, unknown>) => Pruner;

const factories = new Map<string, PrunerFactory>();
const NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Makes a pruner available by name to `createPruner` (and so to configs and CLIs such as the
 * examples' `--pruner`). Names are lower-case words joined by '-'. Re-registering a name is an
 * error unless `{ override: true }`.
 */
export function registerPruner(name: string, factory: PrunerFactory, options: { override?: boolean } = {}): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new RangeError(
      `registerPruner: name must be lower-case letters, digits and '-' (e.g. 'n-m-sparsity'), got '${String(name)}'`,
    );
  }
  if (typeof factory !== 'function') throw new TypeError(`registerPruner: factory for '${name}' must be a function`);
  if (factories.has(name) && !options.override) {
    throw new Error(
      `registerPruner: a pruner named '${name}' is already registered (pass { override: true } to replace it)`,
    );
  }
  factories.set(name, factory);
}

/** A pruner by registered name. */
export function createPruner(name: string, options: Record<string, unknown> = {}): Pruner {
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new Error(`createPruner: no pruner named '${name}'; registered pruners are ${listPruners().join(', ')}`);
  }
  const pruner = factory(options);
  if (pruner == null || typeof pruner.computeMasks !== 'function') {
    throw new TypeError(`createPruner: the factory of '${name}' did not return a Pruner (an object with computeMasks)`);
  }
  return pruner;
}

/** Registered pruner names, sorted. */
export function listPruners(): string[] {
  return [...factories.keys()].sort();
}

const noOptions =
  (name: string, f: () => Pruner): PrunerFactory =>
  (options) => {
    const keys = Object.keys(options);
    if (keys.length > 0) throw new RangeError(`createPruner('${name}'): takes no options, got ${keys.join(', ')}`);
    return f();
  };

for (const name of ['global-magnitude', 'gp']) registerPruner(name, noOptions(name, globalMagnitude));
for (const name of ['layerwise-magnitude', 'lp']) registerPruner(name, noOptions(name, layerwiseMagnitude));
for (const name of ['random', 'rp']) registerPruner(name, (o) => randomPruning(o as { seed?: number }));
for (const name of ['neuron', 'np']) registerPruner(name, (o) => neuronPruning(o as unknown as NeuronPruningOptions));
// LOBSTER's step; needs { validationLoss } (the main job passes its validation split).
for (const name of ['threshold-bisection', 'lobster'])
  registerPruner(name, (o) => thresholdBisection(o as unknown as ThresholdBisectionOptions));
