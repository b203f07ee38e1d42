import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './wasm-kernels/batch-mat-mul.js';
import { conv2dBackpropFilterConfig } from './wasm-kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './wasm-kernels/conv2d-backprop-input.js';
import { gatherV2Config } from './wasm-kernels/gather.js';
import { identityConfig } from './wasm-kernels/identity.js';
import { sumConfig } from './wasm-kernels/sum.js';
import { addConfig } from './wasm-kernels/add.js';
import { maxPoolGradConfig } from './wasm-kernels/max-pool-grad.js';
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
 * tfjs-backend-wasm 4.22 kernels that training hits on a slow path (measured in
 * bench/results/train-profile.md), wrapped to reach its fast XNNPACK ones; each keeps tfjs'
 * own kernel for the cases it does not handle.
 */
export const FASTER_WASM_KERNELS: Record<string, (original: tf.KernelConfig) => tf.KernelConfig> = {
  BatchMatMul: batchMatMulConfig,
  Conv2DBackpropInput: conv2dBackpropInputConfig,
  MaxPoolGrad: maxPoolGradConfig,
  GatherV2: gatherV2Config,
  Sum: sumConfig,
  Add: addConfig,
  Identity: identityConfig,
};

/** Marks the configs this package installed, so a second call does not wrap its own wrapper. */
const WRAPPED = Symbol.for('@l0prune/backend wrapped kernel');

/**
 * Registers the training kernels for `backendName` (default 'wasm') where that backend has
 * none of its own, and on wasm replaces the slow kernels above; returns the names registered.
 * Safe to call more than once.
 */
export function registerTrainingKernels(backendName = 'wasm'): string[] {
  const added: string[] = [];
  for (const make of TRAINING_KERNELS) {
    const config = make(backendName);
    if (tf.getKernel(config.kernelName, backendName) !== undefined) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  if (backendName !== 'wasm') return added;
  for (const [name, wrap] of Object.entries(FASTER_WASM_KERNELS)) {
    const original = tf.getKernel(name, backendName) as (tf.KernelConfig & { [WRAPPED]?: true }) | undefined;
    if (original === undefined || original[WRAPPED]) continue;
    tf.unregisterKernel(name, backendName);
    tf.registerKernel({ ...wrap(original), [WRAPPED]: true } as tf.KernelConfig);
    added.push(name);
  }
  return added;
}
