import type { LayersModel } from '@tensorflow/tfjs-layers';
import { isNestedModel, layerInternals } from './layer-internals.js';

/** The subset of tfjs-layers' `Layer` that l0prune reads (the class itself is not exported). */
export type Layer = LayersModel['layers'][number];

/**
 * Every layer of `model` reachable through nested models, in model order, each once
 * (a layer shared between nested models is visited the first time it is met).
 * Nested models (Sequential or functional) are descended into and not returned themselves.
 */
export function flattenLayers(model: LayersModel): Layer[] {
  const seen = new Set<Layer>();
  const out: Layer[] = [];
  const visit = (layer: Layer): void => {
    if (seen.has(layer)) return;
    seen.add(layer);
    if (isNestedModel(layer)) layerInternals(layer).layers!.forEach(visit);
    else out.push(layer);
  };
  model.layers.forEach(visit);
  return out;
}
