import type { LayersModel } from '@tensorflow/tfjs-layers';
import { describeValue } from './describe-value.js';

/**
 * Throws unless `model` is a LayersModel, saying what to do with a converted GraphModel
 * (recognized by shape: tfjs-converter is not imported) or anything else.
 */
export function checkLayersModel(model: unknown, who: string): asserts model is LayersModel {
  if (model != null && Array.isArray((model as Partial<LayersModel>).layers)) return;
  const graph = model != null && typeof (model as { executeAsync?: unknown }).executeAsync === 'function';
  throw new TypeError(
    graph
      ? `${who} needs a tfjs LayersModel: a converted GraphModel has no layers to train; ` +
          'prune it with prune(graphModel, globalMagnitude() | layerwiseMagnitude() | randomPruning(), target) from @l0prune/pruning'
      : `${who}: model must be a tfjs LayersModel (tf.sequential, tf.model, tf.loadLayersModel), got ${describeValue(model)}`,
  );
}
