import { flattenLayers, layerInternals } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { channelGraph, code, removed, type ChannelGraph, type Removal } from './channel-graph.js';
import { forEachAlong } from './neuron-pruning.js';

export interface ShrinkResult {
  /** The physically smaller model; its outputs equal the masked model's. */
  model: tfl.LayersModel;
  /** Units/filters removed per layer name. */
  removedUnits: Record<string, number>;
  /** Groups left as they are and why (not understood, model output, activation…), by group name. */
  ineligible: Record<string, string>;
}

/**
 * Turns a neuron-pruned model into a smaller LayersModel with the same layer names: every channel
 * group (see `channelGraph`) whose channel j is dead everywhere — zero kernel column and bias in
 * every producer, zero depthwise slice and bias, every BatchNormalization mapping 0 to 0, every
 * activation on the way mapping 0 to 0 — loses channel j in every layer it touches: producers'
 * units/filters, BatchNormalization parameters and statistics, depthwise and separable kernels,
 * Concatenate offsets, residual Adds, and the inputs of the next layers (a Flatten in between
 * included). Unstructured zeros (NP+GP) are kept. Groups touching a layer the graph does not
 * understand are left whole (listed in `ineligible`): never a wrong shrink. The input model is
 * not changed.
 */
export async function shrink(model: tfl.LayersModel): Promise<ShrinkResult> {
  const graph = channelGraph(model);
  const removal: Removal = new Map();
  const ineligible: Record<string, string> = {};
  const live = liveCodes(graph);
  for (const g of graph.groups) {
    if (g.producers.length === 0) continue;
    if (g.reason) {
      ineligible[g.name] = g.reason;
      continue;
    }
    const dead = new Set<number>();
    for (let j = 0; j < g.size; j++) if (!g.roots.some((r) => live.has(code(r, j)))) dead.add(j);
    if (dead.size === g.size) dead.delete(Math.min(...dead)); // never an empty layer
    if (dead.size > 0) for (const r of g.roots) removal.set(r, dead);
  }

  const removedUnits: Record<string, number> = {};
  const newSize = new Map<string, number>();
  for (const use of graph.uses) {
    if (use.ownRoot === undefined) continue;
    const cut = removal.get(use.ownRoot)?.size ?? 0;
    if (cut === 0) continue;
    removedUnits[use.layer.name] = cut;
    newSize.set(use.layer.name, graph.groupOfRoot(use.ownRoot).size - cut);
  }

  const topology = model.toJSON(null, false) as unknown as Record<string, unknown>;
  const byName = new Map(flattenLayers(model).map((l) => [l.name, l]));
  editConfigs(topology, (config) => {
    // tfjs 4.22's SeparableConv2D.getConfig leaves depthMultiplier out: put it back, or the rebuilt layer has 1.
    const layer = byName.get(config.name as string);
    const multiplier = layer && (layer as unknown as { depthMultiplier?: number }).depthMultiplier;
    if (layer?.getClassName() === 'SeparableConv2D' && multiplier !== undefined) config.depth_multiplier = multiplier;
    const units = newSize.get(config.name as string);
    if (units === undefined) return;
    if ('units' in config) config.units = units;
    else config.filters = units;
  });
  const small = await tfl.models.modelFromJSON(topology as unknown as tfl.ModelAndWeightsConfig);

  // Each weight gathered along the axes whose channels were removed, then set as fresh tensors
  // (the wasm backend keeps a gather's internal 4-D shape, which its FusedConv2D rejects for a bias).
  const sliced = new Map<string, tf.Tensor>();
  for (const use of graph.uses) {
    for (const w of use.weights) {
      const cuts = w.axes.filter((a) => a.layout.some((c) => removed(removal, c)));
      if (cuts.length === 0) continue;
      sliced.set(
        w.variable.name,
        tf.tidy(() => {
          let t: tf.Tensor = w.variable.read();
          for (const a of cuts) {
            const keep = a.layout.flatMap((c, i) => (removed(removal, c) ? [] : [i]));
            t = tf.gather(t, tf.tensor1d(keep, 'int32'), a.axis);
          }
          return tf.tensor(t.dataSync(), t.shape, t.dtype);
        }),
      );
    }
  }
  for (const layer of flattenLayers(small)) {
    const old = byName.get(layer.name);
    if (!old || old.weights.length === 0) continue;
    const values = old.weights.map((v) => sliced.get(v.name) ?? v.read());
    layer.setWeights(values);
  }
  tf.dispose([...sliced.values()]);
  return { model: small, removedUnits, ineligible };
}

/**
 * Every channel that is alive somewhere, in one pass over the weights: a nonzero output-side entry
 * (kernel column, bias, depthwise slice) or a BatchNormalization that does not map 0 to 0,
 * γ(0 − μ)/√(σ² + ε) + β ≠ 0. A channel of a group is dead when none of its roots' codes is here.
 */
function liveCodes(graph: ChannelGraph): Set<number> {
  const live = new Set<number>();
  for (const use of graph.uses) {
    const h = layerInternals(use.layer);
    if (use.layer.getClassName() === 'BatchNormalization') {
      const layout = use.weights[0]?.axes[0].layout ?? [];
      const read = (v: typeof h.gamma) => v?.read().dataSync();
      const [gamma, beta, mean, variance] = [read(h.gamma), read(h.beta), read(h.movingMean)!, read(h.movingVariance)!];
      layout.forEach((c, i) => {
        const out = (gamma ? gamma[i] : 1) * (-mean[i] / Math.sqrt(variance[i] + h.epsilon!)) + (beta ? beta[i] : 0);
        if (out !== 0) live.add(c);
      });
      continue;
    }
    for (const w of use.weights) {
      for (const a of w.axes) {
        if (a.output)
          forEachAlong(w.variable.read().dataSync(), w.shape, a.axis, (v, i) => v !== 0 && live.add(a.layout[i]));
      }
    }
  }
  return live;
}

/** Calls `edit` on every layer config of a saved topology, nested models included. */
function editConfigs(node: unknown, edit: (config: Record<string, unknown>) => void): void {
  if (node == null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => editConfigs(n, edit));
    return;
  }
  const { config } = node as { config?: unknown };
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    const c = config as Record<string, unknown>;
    if (typeof c.name === 'string') edit(c);
    if (Array.isArray(c.layers)) editConfigs(c.layers, edit);
  }
}
