import { LayerVariable } from '@tensorflow/tfjs-layers';
import { describeValue } from './describe-value.js';
import type { Layer } from './layers.js';

/** Returns the weights of a layer that form part of φ (tfmot's `PrunableLayer.get_prunable_weights`). */
export type PrunableWeightsGetter = (layer: Layer) => LayerVariable[];

/** A layer class that declares its own prunable weights. */
export interface PrunableLayer {
  getPrunableWeights(): LayerVariable[];
}

const registry = new Map<string, PrunableWeightsGetter>();

/**
 * Declares the prunable weights of a layer class the user does not own (by `getClassName()`):
 * `registerPrunableLayer('MyAttention', (l) => [l.query, l.key])`. Optimizers, `prune`, reports
 * and sparse files follow. Registering a class again replaces the earlier getter.
 */
export function registerPrunableLayer(className: string, getter: PrunableWeightsGetter): void {
  if (typeof className !== 'string' || className.length === 0) {
    throw new TypeError(`registerPrunableLayer: className must be a non-empty string, got ${describeValue(className)}`);
  }
  if (typeof getter !== 'function') {
    throw new TypeError(
      `registerPrunableLayer: the getter must be a function (layer) => LayerVariable[], got ${describeValue(getter)}`,
    );
  }
  registry.set(className, getter);
}

/** Forgets a registration (tests, hot reload). */
export function unregisterPrunableLayer(className: string): boolean {
  return registry.delete(className);
}

/**
 * The weights a layer declares as prunable, by its own `getPrunableWeights()` or a registered
 * getter (the registration wins: it is the user's say over a class they do not own); undefined
 * when it declares none, so built-in discovery applies. Declared lists are checked: each entry
 * must be one of the layer's own weights.
 */
export function declaredPrunableWeights(layer: Layer): LayerVariable[] | undefined {
  const registered = registry.get(layer.getClassName());
  const own = (layer as unknown as Partial<PrunableLayer>).getPrunableWeights;
  let declared: unknown;
  if (registered) declared = registered(layer);
  else if (typeof own === 'function') declared = own.call(layer);
  else return undefined;
  const source = registered
    ? `the getter registered for '${layer.getClassName()}'`
    : `getPrunableWeights() of layer '${layer.name}'`;
  if (!Array.isArray(declared))
    throw new TypeError(`${source} must return an array of LayerVariable, got ${describeValue(declared)}`);
  for (const v of declared) {
    if (!(v instanceof LayerVariable) || !layer.weights.includes(v)) {
      throw new TypeError(
        `${source} returned ${v instanceof LayerVariable ? `'${v.name}', which is not a weight of layer '${layer.name}'` : describeValue(v)}; ` +
          `return the layer's own weights (created with addWeight), e.g. [this.kernel]`,
      );
    }
  }
  return declared as LayerVariable[];
}
