import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeValue, flattenLayers, prunableWeights, type PrunableWeightsOptions } from '@l0prune/core';

/** A binary mask for one weight tensor: 1 keeps the weight, 0 holds it at zero. */
export interface WeightMask {
  readonly shape: readonly number[];
  readonly values: Uint8Array;
}

/** Masks keyed by the name of the `tf.Variable` they apply to. */
export type Masks = Map<string, WeightMask>;

/** Every weight variable of the model by name (each once). */
export function modelVariables(model: LayersModel): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const layer of flattenLayers(model)) {
    for (const w of layer.weights) out.set(w.name, w.read() as tf.Variable);
  }
  return out;
}

/**
 * Throws unless every mask names a variable of `variables`, has its shape and size, and holds
 * only 0 (prune) and 1 (keep): a 2, 0.5, −1 or `true` is a mistake, not a mask.
 */
export function checkMasks(masks: Masks, variables: Map<string, { shape: readonly number[] }>, who: string): void {
  if (!(masks instanceof Map)) {
    throw new TypeError(
      `${who}: masks must be a Map of variable name → { shape, values } (as prune() or nonzeroMasks() return), got ` +
        `${describeValue(masks)}`,
    );
  }
  for (const [name, mask] of masks) {
    const variable = variables.get(name);
    if (variable === undefined) {
      throw new Error(
        `${who}: mask '${name}' names no weight of the model; its weights are ` +
          `${[...variables.keys()].slice(0, 8).join(', ')}…`,
      );
    }
    if (mask == null || mask.values == null || typeof mask.values.length !== 'number' || !Array.isArray(mask.shape)) {
      throw new TypeError(
        `${who}: mask '${name}' must be { shape: number[], values: Uint8Array }, got ${describeValue(mask)}`,
      );
    }
    const size = variable.shape.reduce((a, b) => a * b, 1);
    if (mask.shape.join('x') !== variable.shape.join('x') || mask.values.length !== size) {
      throw new Error(
        `${who}: mask '${name}' has shape [${mask.shape.join(', ')}] ` +
          `(${mask.values.length} values) but the weight has shape [${variable.shape.join(', ')}]`,
      );
    }
    const values = mask.values as ArrayLike<unknown>;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) {
        throw new RangeError(
          `${who}: mask '${name}' holds ${describeValue(values[i])} at index ${i}; mask values must be the numbers 0 ` +
            `(prune) or 1 (keep)`,
        );
      }
    }
  }
}

/** The float tensor a mask multiplies its weight by. */
export function maskTensor(mask: WeightMask): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.tensor(mask.values, mask.shape as number[], 'int32'), 'float32'));
}

/**
 * The weight with pruned entries exactly +0: a select, not w·mask, since NaN·0 and ∞·0 are NaN
 * (a diverged weight would stay "pruned" but nonzero) and −w·0 is −0.
 */
export function maskedValue(weight: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.where(tf.greater(mask, 0), weight, tf.zerosLike(weight)));
}

/** Zeroes the masked-out weights in place. */
export function applyMasks(variables: Map<string, tf.Variable>, masks: Masks): void {
  for (const [name, mask] of masks) {
    const variable = variables.get(name)!;
    tf.tidy(() => variable.assign(maskedValue(variable, maskTensor(mask))));
  }
}

/**
 * Keep-masks of the current nonzeros of φ: what a pruned model already is. Fine-tune a loaded
 * sparse model with `maskedOptimizer(inner, nonzeroMasks(model))` to keep its zeros.
 */
export function nonzeroMasks(model: LayersModel, weights?: PrunableWeightsOptions): Masks {
  return new Map(
    prunableWeights(model, weights).map((w) => [w.name, nonzeroMask(w.variable.read().dataSync(), w.shape)]),
  );
}

/** Mask of a weight's current nonzeros: what earlier pruning left. */
export function nonzeroMask(values: ArrayLike<number>, shape: readonly number[]): WeightMask {
  const m = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) m[i] = values[i] !== 0 ? 1 : 0;
  return { shape, values: m };
}

/** Elementwise AND of two masks of the same weight. */
export function intersectMasks(a: WeightMask, b: WeightMask): WeightMask {
  const out = new Uint8Array(a.values.length);
  for (let i = 0; i < out.length; i++) out[i] = a.values[i] & b.values[i];
  return { shape: a.shape, values: out };
}
