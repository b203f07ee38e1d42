import * as tf from '@tensorflow/tfjs-core';

/** Backends whose `dataSync()` returns a fresh array (a copy of device or wasm-heap memory). */
const COPYING_BACKENDS = new Set(['wasm', 'webgl', 'webgpu', 'tensorflow']);

/**
 * The values of a tensor as an array the caller owns. The cpu backend's `dataSync()` returns
 * the tensor's live storage: a pruner sorting it in place would permute the model's weights.
 * Backends known to copy are read once; any other backend's array is copied.
 */
export function readValuesCopy(tensor: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  const values = tensor.dataSync() as Float32Array | Int32Array | Uint8Array;
  return COPYING_BACKENDS.has(tf.getBackend()) ? values : values.slice();
}
