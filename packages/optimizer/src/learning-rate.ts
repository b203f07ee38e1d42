import type * as tf from '@tensorflow/tfjs-core';

/**
 * The learning rate an optimizer steps with, where it has one: every tfjs optimizer keeps it
 * in `learningRate`, and l0prune's wrappers forward their inner optimizer's.
 */
export function learningRateOf(optimizer: tf.Optimizer): number | undefined {
  const lr = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  return typeof lr === 'number' && Number.isFinite(lr) && lr > 0 ? lr : undefined;
}
