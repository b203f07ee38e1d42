import { layerInternals, prunableWeights, type PrunableRole, type PrunableWeightsOptions } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Regularizer } from './tfjs-regularizer.js';

/** The layer config attribute that serializes the regularizer of each role. */
const REGULARIZER_ATTRIBUTE: Record<Exclude<PrunableRole, 'declared'>, string> = {
  kernel: 'kernelRegularizer',
  depthwiseKernel: 'depthwiseRegularizer',
  pointwiseKernel: 'pointwiseRegularizer',
  embeddings: 'embeddingsRegularizer',
  recurrentKernel: 'recurrentRegularizer',
};

const attached = new WeakSet<object>();

/**
 * Adds `regularizer` to the prunable weights φ of an already-built model (tfjs only wires
 * regularizers in at build time). The penalty joins the training loss from the next step
 * on and is written into the layer configs, so a saved model keeps it. A weight that was
 * already given a regularizer by this function is an error rather than a double penalty.
 */
export function attachRegularizer(
  model: LayersModel,
  regularizer: Regularizer,
  options: PrunableWeightsOptions = {},
): number {
  if (regularizer == null || typeof (regularizer as Partial<Regularizer>).apply !== 'function') {
    throw new TypeError(
      'attachRegularizer: regularizer must be a tfjs Regularizer (e.g. l0Regularizer({ alpha, beta }))',
    );
  }
  const weights = prunableWeights(model, options);
  if (weights.length === 0) throw new Error('attachRegularizer: the model has no prunable weights to regularize');
  for (const w of weights) {
    if (attached.has(w.variable)) {
      throw new Error(`attachRegularizer: '${w.name}' already has a regularizer attached`);
    }
  }
  for (const w of weights) {
    attached.add(w.variable);
    w.layer.addLoss(() => regularizer.apply(w.variable.read()));
    // A custom layer's declared weight has no regularizer attribute: its config is the layer's own
    // (the penalty trains, but is not saved with the model; see the README).
    if (w.role === 'declared') continue;
    // RNN layers keep their regularizers on the cell, which their config reads from.
    const holder = layerInternals(w.layer).cell ?? w.layer;
    (holder as Record<string, unknown>)[REGULARIZER_ATTRIBUTE[w.role]] = regularizer;
  }
  return weights.length;
}
