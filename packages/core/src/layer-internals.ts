import type * as tf from '@tensorflow/tfjs-core';
import type { LayerVariable } from '@tensorflow/tfjs-layers';
import type { Layer } from './layers.js';

/** A node of the layer graph: which layer consumes a layer's output. */
export interface LayerGraphNode {
  readonly outboundLayer: Layer;
  readonly inboundLayers: readonly Layer[];
}

/** A weight variable: its shape is always concrete (LayerVariable's type allows nulls). */
export type WeightVariable = LayerVariable & { readonly shape: number[] };

/**
 * The tfjs-layers internals l0prune reads, typed once here instead of a private cast in each
 * file. tfjs 4.22 keeps them as public-at-runtime fields of its layer classes; a layer type
 * without one has it undefined.
 */
export interface LayerInternals {
  kernel?: WeightVariable;
  bias?: WeightVariable;
  depthwiseKernel?: WeightVariable;
  pointwiseKernel?: WeightVariable;
  embeddings?: WeightVariable;
  recurrentKernel?: WeightVariable;
  /** BatchNormalization. */
  gamma?: WeightVariable;
  beta?: WeightVariable;
  movingMean?: WeightVariable;
  movingVariance?: WeightVariable;
  epsilon?: number;
  axis?: number | number[];
  activation?: { apply(x: tf.Tensor): tf.Tensor };
  dataFormat?: string;
  /** Nested models (Sequential or functional used as a layer). */
  layers?: Layer[];
  /** RNN cells and wrappers (TimeDistributed, Bidirectional). */
  cell?: object;
  cells?: object[];
  layer?: object;
  forwardLayer?: object;
  backwardLayer?: object;
  inboundNodes: LayerGraphNode[];
  outboundNodes: LayerGraphNode[];
}

/** The internals of a layer, typed. */
export function layerInternals(layer: Layer): LayerInternals {
  return layer as unknown as LayerInternals;
}

/** Whether a layer is a nested model (its own `layers`). */
export function isNestedModel(layer: Layer): boolean {
  return Array.isArray(layerInternals(layer).layers);
}
