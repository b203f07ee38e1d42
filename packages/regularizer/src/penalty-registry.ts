import { describeValue } from '@l0prune/core';
import { L0Penalty } from './l0-penalty.js';
import { L1Penalty } from './l1-penalty.js';
import { L2L0Penalty } from './l2l0-penalty.js';
import { L2Penalty } from './l2-penalty.js';
import type { Penalty } from './penalty.js';

/**
 * How to build a penalty from its numeric parameters. Parameters named `alpha…` are the factors NORM scales per layer.
 */
export interface PenaltyDefinition {
  /** The parameter names, all numbers, all required (e.g. ['alpha', 'epsilon']). */
  readonly parameters: readonly string[];
  /** Builds (and validates) the penalty; throw a RangeError naming a bad parameter. */
  create(params: Record<string, number>): Penalty;
}

const registry = new Map<string, PenaltyDefinition>();

/** Lower-case letters and digits: tfjs rewrites other string values when a config is saved. */
const NAME = /^[a-z][a-z0-9]*$/;

/**
 * Makes a penalty available by name to the decoupled optimizer (`penaltyOptimizer(inner, name, …)`)
 * and to `penaltyRegularizer(name, …)`, and restorable from saved configs. Third-party penalties
 * register here; the built-ins are `l2l0`, `l0`, `l1`, `l2`. Registering a name again replaces it.
 */
export function registerPenalty(name: string, definition: PenaltyDefinition): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `registerPenalty: name must be lower-case letters and digits starting with a letter ` +
        `(saved configs keep it as is), got ${describeValue(name)}`,
    );
  }
  if (name === 'relevance')
    throw new RangeError("registerPenalty: 'relevance' is the relevance decay's name; choose another");
  if (definition == null || typeof definition.create !== 'function' || !Array.isArray(definition.parameters)) {
    throw new TypeError(
      `registerPenalty('${name}'): definition must be { parameters: string[], create(params) => Penalty }, got ` +
        `${describeValue(definition)}`,
    );
  }
  registry.set(name, { parameters: [...definition.parameters], create: definition.create });
}

/** The definition of a registered penalty, or an error listing the registered ones. */
export function penaltyDefinition(name: string, who = 'penalty'): PenaltyDefinition {
  const definition = registry.get(name);
  if (definition === undefined) {
    throw new RangeError(
      `${who}: unknown penalty ${describeValue(name)}; registered penalties are ${[...registry.keys()].join(', ')} ` +
        `(add yours with registerPenalty)`,
    );
  }
  return definition;
}

/** Builds a registered penalty from its parameters, refusing missing and unknown ones by name. */
export function createPenalty(name: string, params: Record<string, unknown>, who = `${name} penalty`): Penalty {
  const { parameters, create } = penaltyDefinition(name, who);
  const unknown = Object.keys(params ?? {}).filter((k) => !parameters.includes(k));
  if (unknown.length > 0)
    throw new RangeError(`${who}: unknown parameter(s) ${unknown.join(', ')}; ${name} takes ${parameters.join(', ')}`);
  const missing = parameters.filter((k) => params?.[k] === undefined);
  if (missing.length > 0)
    throw new RangeError(`${who}: ${missing.join(', ')} required (${name} takes ${parameters.join(', ')})`);
  return create(params as Record<string, number>);
}

export function listPenalties(): string[] {
  return [...registry.keys()];
}

registerPenalty('l2l0', {
  parameters: ['alphaL2', 'alphaL0', 'beta'],
  create: (p) => new L2L0Penalty(p as { alphaL2: number; alphaL0: number; beta: number }),
});
registerPenalty('l0', {
  parameters: ['alpha', 'beta'],
  create: (p) => new L0Penalty(p as { alpha: number; beta: number }),
});
registerPenalty('l1', { parameters: ['alpha'], create: (p) => new L1Penalty(p as { alpha: number }) });
registerPenalty('l2', { parameters: ['alpha'], create: (p) => new L2Penalty(p as { alpha: number }) });
