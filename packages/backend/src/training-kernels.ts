import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './wasm-kernels/conv2d-backprop-filter.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './wasm-kernels/depthwise-backprop.js';
import { unsortedSegmentSumConfig } from './wasm-kernels/unsorted-segment-sum.js';

/** The kernels training needs that tfjs-backend-wasm 4.22 lacks. */
export const TRAINING_KERNELS = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  unsortedSegmentSumConfig,
] as const;

/**
 * Registers the training kernels for `backendName` (default 'wasm') where that backend has
 * none of its own; returns the names registered. Safe to call more than once.
 */
export function registerTrainingKernels(backendName = 'wasm'): string[] {
  const added: string[] = [];
  for (const make of TRAINING_KERNELS) {
    const config = make(backendName);
    if (tf.getKernel(config.kernelName, backendName) !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
