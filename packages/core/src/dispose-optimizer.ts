import * as tf from '@tensorflow/tfjs-core';

/**
 * Disposes an optimizer and all of its tensors. tfjs 4.22's `MomentumOptimizer.dispose` frees its
 * momentum scalar and accumulators but not the learning-rate scalar it inherits from SGD
 * (tensorflow/tfjs#4647): one tensor per optimizer, which adds up when a model is recompiled for
 * every fine-tuning run. Safe to call twice, and once tfjs fixes it (a disposed tensor ignores dispose).
 */
export function disposeOptimizer(optimizer: tf.Optimizer | undefined): void {
  if (!optimizer) return;
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
}
