import { flattenLayers, isNestedModel, layerInternals, type Layer } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NEURON_LAYERS, PASS_THROUGH_LAYERS, activationAtZero, channelPath, positionsPerChannel, type ChannelPath } from './channel-path.js';

const SUPPORTED = new Set([...NEURON_LAYERS, ...PASS_THROUGH_LAYERS, 'InputLayer']);

export interface ShrinkResult {
  /** The physically smaller model; its outputs equal the masked model's. */
  model: tfl.LayersModel;
  /** Units/filters removed per layer name. */
  removedUnits: Record<string, number>;
}


/**
 * Turns a neuron-pruned model into a smaller LayersModel: units/filters whose output is exactly
 * zero where the next layer reads it (zero kernel column and bias, channel zeroed in any
 * BatchNormalization on the way, activation mapping 0 to 0) are removed, with the next layer's
 * inputs cut to match (a Flatten in between maps channel j to rows p·C + j). Sequential and
 * functional models of Dense, Conv2D, pooling, Flatten, Activation, Dropout and
 * BatchNormalization; any other layer is an error naming it. The input model is not changed.
 */
export async function shrink(model: tfl.LayersModel): Promise<ShrinkResult> {
  const layers = flattenLayers(model);
  for (const layer of layers) {
    if (!SUPPORTED.has(layer.getClassName())) {
      throw new Error(
        `shrink: layer '${layer.name}' (${layer.getClassName()}) is not supported; shrink handles ${[...SUPPORTED].sort().join(', ')}`,
      );
    }
  }
  if (model.layers.some(isNestedModel)) {
    throw new Error('shrink: nested models are not supported; shrink each inner model');
  }
  const weights = new Map<string, tf.Tensor[]>(layers.map((l) => [l.name, l.getWeights().map((w) => w.clone())]));
  const slice = (layer: Layer, index: number, keep: number[], axis: number) => {
    const list = weights.get(layer.name)!;
    const old = list[index];
    list[index] = tf.tidy(() => tf.gather(old, tf.tensor1d(keep, 'int32'), axis < 0 ? old.rank + axis : axis));
    old.dispose();
  };
  const weightIndex = (layer: Layer, attr: 'kernel' | 'bias') => {
    const v = layerInternals(layer)[attr];
    return v ? layer.weights.indexOf(v) : -1;
  };

  const removedUnits: Record<string, number> = {};
  const newUnits = new Map<string, number>();
  for (const layer of layers) {
    if (!NEURON_LAYERS.has(layer.getClassName())) continue;
    const path = channelPath(model, layer);
    if (typeof path === 'string') continue;
    const keep = liveUnits(layer, path);
    const units = layerInternals(layer).kernel!.shape.slice(-1)[0]!;
    if (keep.length === units) continue;
    removedUnits[layer.name] = units - keep.length;
    newUnits.set(layer.name, keep.length);
    slice(layer, weightIndex(layer, 'kernel'), keep, -1);
    if (weightIndex(layer, 'bias') >= 0) slice(layer, weightIndex(layer, 'bias'), keep, 0);
    for (const bn of path.through.filter((l) => l.getClassName() === 'BatchNormalization')) {
      for (let i = 0; i < bn.weights.length; i++) slice(bn, i, keep, 0);
    }
    const positions = positionsPerChannel(path);
    const rows: number[] = [];
    for (let p = 0; p < positions; p++) for (const j of keep) rows.push(p * units + j);
    slice(path.target, weightIndex(path.target, 'kernel'), rows, -2);
  }

  const topology = model.toJSON(null, false) as unknown as { config: { layers: Array<{ config: Record<string, unknown> }> } };
  for (const entry of topology.config.layers) {
    const units = newUnits.get(entry.config.name as string);
    if (units === undefined) continue;
    if ('units' in entry.config) entry.config.units = units;
    else entry.config.filters = units;
  }
  const small = await tfl.models.modelFromJSON(topology as unknown as tfl.ModelAndWeightsConfig);
  for (const layer of flattenLayers(small)) {
    const list = weights.get(layer.name);
    if (!list || list.length === 0) continue;
    // Fresh tensors: the wasm backend records a gather's internal 4-D shape for its data, and its
    // FusedConv2D then rejects such a bias as "rank 4" at predict time.
    const fresh = list.map((t) => tf.tensor(t.dataSync(), t.shape, t.dtype));
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
  for (const list of weights.values()) tf.dispose(list);
  return { model: small, removedUnits };
}

/** Units whose output reaches the next layer as something other than exact zeros. */
function liveUnits(layer: Layer, path: ChannelPath): number[] {
  const holder = layerInternals(layer);
  const kernel = holder.kernel!.read().dataSync();
  const units = holder.kernel!.shape.slice(-1)[0]!;
  const live = new Uint8Array(units);
  for (let i = 0; i < kernel.length; i++) if (kernel[i] !== 0) live[i % units] = 1;
  if (holder.bias) holder.bias.read().dataSync().forEach((b, j) => b !== 0 && (live[j] = 1));
  // A dead unit outputs act(0); it stays dead only if every activation on the way maps 0 to 0…
  if ([layer, ...path.through].some((l) => activationAtZero(l) !== 0)) return Array.from({ length: units }, (_, j) => j);
  // …and every BatchNormalization maps 0 to 0 in that channel: γ(0 − μ)/√(σ² + ε) + β.
  for (const bn of path.through.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const h = layerInternals(bn);
    const gamma = h.gamma?.read().dataSync();
    const beta = h.beta?.read().dataSync();
    const mean = h.movingMean!.read().dataSync();
    const variance = h.movingVariance!.read().dataSync();
    for (let j = 0; j < units; j++) {
      const out = (gamma ? gamma[j] : 1) * (-mean[j] / Math.sqrt(variance[j] + h.epsilon!)) + (beta ? beta[j] : 0);
      if (out !== 0) live[j] = 1;
    }
  }
  const keep = [...live.keys()].filter((j) => live[j]);
  return keep.length > 0 ? keep : [0]; // never an empty layer
}
