import { describeValue, layerInternals } from '@l0prune/core';
import {
  channelGraph,
  indexOf,
  removed,
  rootOf,
  type ChannelGraph,
  type ChannelGroup,
  type Layout,
  type Removal,
} from './channel-graph.js';
import type { Masks } from './masks.js';
import { requireLayersModel, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';

/** How the channels of a group are ranked (smallest removed first). */
export type ChannelImportance =
  | 'l2'
  | 'l1'
  | 'bn-gamma'
  | ((group: ChannelGroup, graph: ChannelGraph) => ArrayLike<number>);

export interface NeuronPruningOptions {
  /** Fraction of the channels to remove in each eligible group, in [0, 1). */
  fraction?: number;
  /** Fraction of the model's MACs (= FLOPs / 2) to remove, in [0, 1): the per-group fraction is searched for. */
  flopReduction?: number;
  /** Only the groups these Dense/Conv layers produce (each must be eligible). Default: every eligible group. */
  layers?: string[];
  /**
   * Importance of a channel: `'l2'` (default), the combined ℓ2 norm of every producer's weights for it;
   * `'l1'`; `'bn-gamma'`, |γ| summed over the BatchNormalizations of the group; or your function
   * returning one score per channel.
   */
  importance?: ChannelImportance;
  /**
   * Also cut channels of residual streams (groups tied by Add/Multiply/…: every block on the stream
   * loses the same channels). Default false: only channels inside blocks are cut (on a ResNet trained
   * here, cutting the streams cost far more accuracy at the same FLOP target: docs/results.md).
   */
  pruneResidualChannels?: boolean;
}

/** A group as the report shows it. */
export interface GroupReport {
  readonly name: string;
  readonly producers: readonly string[];
  readonly channels: number;
  readonly removed: number;
  readonly residual: boolean;
  /** Why it was left alone (ineligible, residual with pruneResidualChannels false, not in `layers`). */
  readonly skipped?: string;
}

const OPTIONS = ['fraction', 'flopReduction', 'layers', 'importance', 'pruneResidualChannels'];

/**
 * NP (section 4.6), on channel groups: removes whole Dense units / Conv filters with the smallest
 * importance, together with every channel they are tied to (residual Adds, Concatenate offsets,
 * depthwise/separable convolutions, BatchNormalization) — their kernel columns and biases, their
 * BN γ/β, the depthwise slices, and the next layers' inputs from them — so the model computes
 * exactly what `shrink`'s smaller model computes. Groups the channel graph does not fully
 * understand, that reach a model output, or whose activations do not map 0 to 0 are left alone,
 * with the reason in `report.groups`. Never empties a group.
 */
export class NeuronPruner implements Pruner {
  readonly name = 'neuron';
  /** NP's target is its own `fraction` / `flopReduction`. */
  readonly takesTarget = false;
  readonly options: NeuronPruningOptions;
  private groups: GroupReport[] = [];

  constructor(options: NeuronPruningOptions) {
    const extra = Object.keys(options ?? {}).filter((k) => !OPTIONS.includes(k));
    if (extra.length > 0)
      throw new RangeError(`neuronPruning: unknown option(s) ${extra.join(', ')}; valid: ${OPTIONS.join(', ')}`);
    const { fraction, flopReduction, importance } = options ?? {};
    if ((fraction === undefined) === (flopReduction === undefined)) {
      throw new RangeError(
        'neuronPruning: give exactly one target: { fraction } of units or { flopReduction } of FLOPs',
      );
    }
    for (const [key, v] of [
      ['fraction', fraction],
      ['flopReduction', flopReduction],
    ] as const) {
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v < 1))) {
        throw new RangeError(`neuronPruning: ${key} must be a number in [0, 1), got ${describeValue(v)}`);
      }
    }
    if (
      importance !== undefined &&
      typeof importance !== 'function' &&
      !['l2', 'l1', 'bn-gamma'].includes(importance)
    ) {
      throw new RangeError(
        `neuronPruning: importance must be 'l2', 'l1', 'bn-gamma' or a function, got ${describeValue(importance)}`,
      );
    }
    this.options = { ...options };
  }

  /** The groups of the last call, for the report. */
  structure(): readonly GroupReport[] {
    return this.groups;
  }

  computeMasks(_weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const model = requireLayersModel(request, 'neuronPruning');
    const graph = channelGraph(model);
    const candidates = this.candidates(graph);
    const orders = new Map(candidates.map((g) => [g, channelOrder(g, graph, this.options.importance ?? 'l2')]));
    const fraction = this.options.fraction ?? fractionForFlops(graph, candidates, orders, this.options.flopReduction!);
    const removal = removalFor(candidates, orders, fraction);
    this.groups = graph.groups
      .filter((g) => g.producers.length > 0)
      .map((g) => ({
        name: g.name,
        producers: g.producers.map((p) => p.name),
        channels: g.size,
        removed: removal.get(g.roots[0])?.size ?? 0,
        residual: g.residual,
        ...(candidates.includes(g) ? {} : { skipped: this.skipReason(g) }),
      }));
    return masksFor(graph, removal);
  }

  private skipReason(g: ChannelGroup): string {
    if (g.reason) return g.reason;
    if (g.residual && !this.options.pruneResidualChannels)
      return 'a residual stream (pass { pruneResidualChannels: true } to cut it)';
    return 'not among the layers asked for';
  }

  private candidates(graph: ChannelGraph): ChannelGroup[] {
    const only = this.options.layers ? new Set(this.options.layers) : undefined;
    const eligible = (g: ChannelGroup) =>
      g.producers.length > 0 && !g.reason && (!g.residual || this.options.pruneResidualChannels === true);
    const out: ChannelGroup[] = [];
    for (const g of graph.groups) {
      const asked = only && g.producers.some((p) => only.has(p.name));
      if (only && !asked) continue;
      if (!eligible(g)) {
        if (only) {
          const name = g.producers.find((p) => only.has(p.name))!.name;
          throw new Error(`neuronPruning: layer '${name}' cannot lose neurons: ${this.skipReason(g)}`);
        }
        continue;
      }
      if (g.size > 1) out.push(g);
    }
    const missing = [...(only ?? [])].filter((n) => !graph.groups.some((g) => g.producers.some((p) => p.name === n)));
    if (missing.length > 0)
      throw new Error(
        `neuronPruning: ${missing.map((n) => `'${n}'`).join(', ')} is not a Dense/Conv layer of the model`,
      );
    if (out.length === 0) {
      const reasons = graph.groups
        .filter((g) => g.producers.length > 0)
        .map((g) => `'${g.name}': ${this.skipReason(g)}`);
      throw new Error(`neuronPruning: no layer can lose neurons (${reasons.join('; ') || 'no Dense/Conv kernels'})`);
    }
    return out;
  }
}

function removedCount(size: number, fraction: number): number {
  return Math.min(size - 1, Math.round(fraction * size));
}

/** Channel indices by increasing importance (ties: lower index first). */
function channelOrder(group: ChannelGroup, graph: ChannelGraph, importance: ChannelImportance): number[] {
  let scores: ArrayLike<number>;
  if (typeof importance === 'function') {
    scores = importance(group, graph);
    if (scores == null || scores.length !== group.size)
      throw new RangeError(`neuronPruning: importance(${group.name}) must return ${group.size} scores`);
  } else if (importance === 'bn-gamma' && group.batchNorms.length > 0) {
    const s = new Float64Array(group.size);
    for (const bn of group.batchNorms) {
      const use = graph.uses.find((u) => u.layer === bn)!;
      const gamma = use.weights.find((w) => w.variable === layerInternals(bn).gamma);
      if (!gamma) continue;
      const values = gamma.variable.read().dataSync();
      gamma.axes[0].layout.forEach((c, i) => {
        if (group.roots.includes(rootOf(c))) s[indexOf(c)] += Math.abs(values[i]);
      });
    }
    scores = s;
  } else {
    const p = importance === 'l1' ? 1 : 2;
    const s = new Float64Array(group.size);
    for (const use of graph.uses) {
      if (use.ownRoot === undefined || !group.roots.includes(use.ownRoot)) continue;
      for (const w of use.weights) {
        const axis = w.axes.find((a) => a.output);
        if (!axis) continue;
        forEachAlong(
          w.variable.read().dataSync(),
          w.shape,
          axis.axis,
          (v, i) => (s[indexOf(axis.layout[i])] += p === 1 ? Math.abs(v) : v * v),
        );
      }
    }
    scores = s;
  }
  return Array.from({ length: group.size }, (_, j) => j).sort((a, b) => scores[a] - scores[b] || a - b);
}

/** Calls `visit(value, index along axis, flat index)` for every element. */
export function forEachAlong(
  values: ArrayLike<number>,
  shape: readonly number[],
  axis: number,
  visit: (v: number, i: number, k: number) => void,
): void {
  const dim = shape[axis];
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let k = 0; k < values.length; k++) visit(values[k], Math.floor(k / stride) % dim, k);
}

function removalFor(groups: readonly ChannelGroup[], orders: Map<ChannelGroup, number[]>, fraction: number): Removal {
  const removal: Removal = new Map();
  for (const g of groups) {
    const cut = new Set(orders.get(g)!.slice(0, removedCount(g.size, fraction)));
    if (cut.size === 0) continue;
    for (const r of g.roots) removal.set(r, cut);
  }
  return removal;
}

/**
 * Masks zeroing every weight entry of a removed channel, BN moving statistics included (γ = β = 0
 * already makes the channel 0; zero statistics make the masked model's nonzero count the shrunk one's).
 */
export function masksFor(graph: ChannelGraph, removal: Removal): Masks {
  const masks: Masks = new Map();
  for (const use of graph.uses) {
    for (const w of use.weights) {
      for (const axis of w.axes) {
        if (!axis.layout.some((c) => removed(removal, c))) continue;
        const shape = w.shape;
        const mask = masks.get(w.variable.name) ?? {
          shape,
          values: new Uint8Array(shape.reduce((a, b) => a * b, 1)).fill(1),
        };
        const values = mask.values as Uint8Array;
        forEachAlong(values, shape, axis.axis, (_, i, k) => {
          if (removed(removal, axis.layout[i])) values[k] = 0;
        });
        masks.set(w.variable.name, mask);
      }
    }
  }
  return masks;
}

/** How many entries of a layout survive a removal. */
function kept(layout: Layout, removal: Removal): number {
  let n = 0;
  for (const c of layout) if (!removed(removal, c)) n++;
  return n;
}

/**
 * Dense-runtime MACs of every understood layer when `removal` is applied (the same count `layerMacs` gives a pruned
 * model).
 */
export function graphMacs(graph: ChannelGraph, removal: Removal): number {
  let total = 0;
  for (const use of graph.uses) {
    const cls = use.layer.getClassName();
    const out = (Array.isArray(use.layer.outputShape[0]) ? use.layer.outputShape[0] : use.layer.outputShape) as (
      | number
      | null
    )[];
    const spatial = out.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1);
    const [first, second] = use.weights;
    if (use.ownRoot !== undefined && cls !== 'SeparableConv2D') {
      const shape = first.shape;
      const window = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      total += spatial * window * kept(first.axes[0].layout, removal) * kept(first.axes[1].layout, removal);
    } else if (cls === 'DepthwiseConv2D') {
      const [kh, kw, , mult] = first.shape;
      total += spatial * kh * kw * kept(first.axes[0].layout, removal) * mult;
    } else if (cls === 'SeparableConv2D') {
      const [kh, kw, , mult] = first.shape;
      total +=
        spatial *
        (kh * kw * kept(first.axes[0].layout, removal) * mult +
          kept(second.axes[0].layout, removal) * kept(second.axes[1].layout, removal));
    }
  }
  return total;
}

/** The smallest per-group fraction whose removal cuts at least `target` of the MACs. */
function fractionForFlops(
  graph: ChannelGraph,
  groups: ChannelGroup[],
  orders: Map<ChannelGroup, number[]>,
  target: number,
): number {
  const full = graphMacs(graph, new Map());
  const reduction = (f: number) => 1 - graphMacs(graph, removalFor(groups, orders, f)) / full;
  const most = reduction(1 - 1e-9);
  if (most < target) {
    throw new Error(
      `neuronPruning: flopReduction ${target} is unreachable; ` +
        `removing all but one channel of every eligible group cuts ${(most * 100).toFixed(1)}%`,
    );
  }
  let [lo, hi] = [0, 1 - 1e-9];
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (reduction(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function neuronPruning(options: NeuronPruningOptions): NeuronPruner {
  return new NeuronPruner(options);
}
