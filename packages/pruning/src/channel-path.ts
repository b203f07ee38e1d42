import * as tf from '@tensorflow/tfjs-core';
import { layerInternals, type Layer } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Layers whose units/filters can be removed. */
export const NEURON_LAYERS = new Set(['Dense', 'Conv2D']);

/** Per-channel layers a removed channel passes through on its way to the next weight layer. */
export const PASS_THROUGH_LAYERS = new Set([
  'Activation',
  'Dropout',
  'SpatialDropout1D',
  'MaxPooling2D',
  'AveragePooling2D',
  'GlobalMaxPooling2D',
  'GlobalAveragePooling2D',
  'BatchNormalization',
  'Flatten',
  'ReLU',
]);

/** How the channels of `source` reach `target`: the layers they pass through on the way. */
export interface ChannelPath {
  readonly source: Layer;
  readonly through: readonly Layer[];
  readonly target: Layer;
}

const outbound = (layer: Layer) => layerInternals(layer).outboundNodes;
const inbound = (layer: Layer) => layerInternals(layer).inboundNodes;

/**
 * Follows `source`'s output through pass-through layers to the single Dense/Conv2D that consumes
 * it. Returns the path, or the reason there is none (a branch, a model output, an unsupported
 * layer in between): then removing units of `source` would change what the model computes.
 */
export function channelPath(model: LayersModel, source: Layer): ChannelPath | string {
  const outputs = new Set(model.outputs.map((t) => t.sourceLayer));
  const through: Layer[] = [];
  let current = source;
  for (;;) {
    if (outputs.has(current)) return `'${current.name}' produces a model output`;
    const next = outbound(current);
    if (next.length !== 1) return `the output of '${current.name}' goes to ${next.length} layers`;
    const layer = next[0].outboundLayer;
    if (inbound(layer).length !== 1) return `'${layer.name}' is called more than once`;
    const cls = layer.getClassName();
    if (NEURON_LAYERS.has(cls)) return { source, through, target: layer };
    if (!PASS_THROUGH_LAYERS.has(cls)) return `'${layer.name}' (${cls}) lies between '${source.name}' and the next Dense/Conv2D`;
    const axis = layerInternals(layer).axis;
    if (cls === 'BatchNormalization' && axis !== -1 && axis !== 3 && axis !== 1) {
      return `'${layer.name}' normalizes an axis other than the channels`;
    }
    through.push(layer);
    current = layer;
  }
}

/** The value an activation gives for 0; a removed unit passes its output on, so it must be 0. */
export function activationAtZero(layer: Layer): number {
  const activation = layerInternals(layer).activation;
  if (activation == null) return 0;
  return tf.tidy(() => activation.apply(tf.zeros([1])).dataSync()[0]);
}

/** Channels-last data format check for convolution and pooling layers. */
export function isChannelsLast(layer: Layer): boolean {
  const format = layerInternals(layer).dataFormat;
  return format === undefined || format === 'channelsLast';
}

/** Number of positions each channel occupies after a Flatten in the path (1 without one). */
export function positionsPerChannel(path: ChannelPath): number {
  const at = path.through.findIndex((l) => l.getClassName() === 'Flatten');
  if (at < 0) return 1;
  const before = at === 0 ? path.source : path.through[at - 1];
  const shape = before.outputShape as (number | null)[];
  return shape.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1);
}

/**
 * Input rows of `path.target`'s kernel fed by channel `channel` of `path.source`, in the
 * flattened [window…, in] → in layout: with a Flatten, channel j of C sits at p·C + j.
 */
export function targetInputIndices(path: ChannelPath, channel: number, channels: number): number[] {
  const positions = positionsPerChannel(path);
  const out: number[] = [];
  for (let p = 0; p < positions; p++) out.push(p * channels + channel);
  return out;
}
