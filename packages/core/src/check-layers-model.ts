import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeValue } from './describe-value.js';

/** A tfjs-converter GraphModel, recognized by shape (the converter is never imported). */
export function isGraphModel(model: unknown): boolean {
  const m = model as { layers?: unknown; executeAsync?: unknown; executor?: unknown } | null;
  return (
    m != null &&
    typeof m === 'object' &&
    !Array.isArray(m.layers) &&
    typeof m.executeAsync === 'function' &&
    m.executor != null
  );
}

/**
 * Throws unless `model` is a LayersModel, saying what to do with a converted GraphModel
 * (recognized by shape: tfjs-converter is not imported) or anything else.
 */
export function checkLayersModel(model: unknown, who: string): asserts model is LayersModel {
  if (model != null && Array.isArray((model as Partial<LayersModel>).layers)) return;
  throw new TypeError(
    isGraphModel(model)
      ? `${who} needs a tfjs LayersModel: a converted GraphModel has no layers to train; ` +
          'prune it with prune(graphModel, globalMagnitude() | layerwiseMagnitude() | randomPruning(), ' +
          'target) from @l0prune/pruning'
      : `${who}: model must be a tfjs LayersModel (tf.sequential, tf.model, tf.loadLayersModel), got ${describeValue(model)}`,
  );
}
