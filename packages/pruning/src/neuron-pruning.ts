import { describeValue, layerInternals, type Layer } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { NEURON_LAYERS, activationAtZero, channelPath, isChannelsLast, positionsPerChannel, type ChannelPath } from './channel-path.js';
import type { Masks, WeightMask } from './masks.js';
import { requireLayersModel, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';

export interface NeuronPruningOptions {
  /** Fraction of the units/filters to remove in each eligible layer, in [0, 1). */
  fraction?: number;
  /** Fraction of the model's MACs (= FLOPs / 2) to remove, in [0, 1): the per-layer fraction is searched for. */
  flopReduction?: number;
  /** Only these layers (each must be eligible). Default: every eligible Dense/Conv2D. */
  layers?: string[];
}

interface Candidate {
  layer: Layer;
  kernel: PrunableTensor;
  path: ChannelPath;
  units: number;
  /** Unit indices by increasing ℓ2 norm of their weight vectors (ties: lower index first). */
  order: number[];
}


/**
 * NP (section 4.6): removes whole Dense units / Conv2D filters with the smallest ℓ2 norm of their
 * weight vectors. A removed unit gets its kernel column and bias zeroed, its channel in a
 * BatchNormalization on the way zeroed (γ = β = 0), and the next layer's inputs from it zeroed:
 * the model computes exactly what the smaller model from `shrink` computes. Layers feeding a model
 * output, branching, or whose activation does not map 0 to 0 are not eligible. Never empties a layer.
 * NP+GP: prune with NP, then with `globalMagnitude()` to the total compression ratio.
 */
export class NeuronPruner implements Pruner {
  readonly name = 'neuron';
  /** NP's target is its own `fraction` / `flopReduction`. */
  readonly takesTarget = false;
  readonly options: NeuronPruningOptions;

  constructor(options: NeuronPruningOptions) {
    const extra = Object.keys(options ?? {}).filter((k) => !['fraction', 'flopReduction', 'layers'].includes(k));
    if (extra.length > 0) throw new RangeError(`neuronPruning: unknown option(s) ${extra.join(', ')}; valid: fraction, flopReduction, layers`);
    const { fraction, flopReduction } = options ?? {};
    if ((fraction === undefined) === (flopReduction === undefined)) {
      throw new RangeError('neuronPruning: give exactly one target: { fraction } of units or { flopReduction } of FLOPs');
    }
    for (const [key, v] of [['fraction', fraction], ['flopReduction', flopReduction]] as const) {
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v < 1))) {
        throw new RangeError(`neuronPruning: ${key} must be a number in [0, 1), got ${describeValue(v)}`);
      }
    }
    this.options = { ...options };
  }

  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const model = requireLayersModel(request, 'neuronPruning');
    const candidates = this.candidates(weights, model);
    const fraction = this.options.fraction ?? this.fractionForFlops(candidates, model, this.options.flopReduction!);
    const masks: Masks = new Map();
    const merge = (name: string, shape: readonly number[], zero: (values: Uint8Array) => void) => {
      const mask: WeightMask = masks.get(name) ?? { shape, values: new Uint8Array(shape.reduce((a, b) => a * b, 1)).fill(1) };
      zero(mask.values as Uint8Array);
      masks.set(name, mask);
    };
    for (const c of candidates) {
      const removed = c.order.slice(0, removedCount(c.units, fraction));
      const { kernel, path, units } = c;
      merge(kernel.name, kernel.shape, (m) => {
        for (let i = 0; i < m.length; i += units) for (const j of removed) m[i + j] = 0;
      });
      const holder = layerInternals(c.layer);
      if (holder.bias) merge(holder.bias.name, holder.bias.shape, (m) => removed.forEach((j) => (m[j] = 0)));
      for (const bn of path.through.filter((l) => l.getClassName() === 'BatchNormalization')) {
        const h = layerInternals(bn);
        for (const p of [h.gamma, h.beta]) if (p) merge(p.name, p.shape, (m) => removed.forEach((j) => (m[j] = 0)));
      }
      const target = layerInternals(path.target);
      const tk = target.kernel!;
      const tOut = tk.shape[tk.shape.length - 1];
      const tIn = tk.shape[tk.shape.length - 2];
      const positions = positionsPerChannel(path);
      merge(tk.name, tk.shape, (m) => {
        const windows = m.length / (tIn * tOut);
        for (let w = 0; w < windows; w++) {
          for (const j of removed) {
            for (let p = 0; p < positions; p++) {
              const row = (w * tIn + p * units + j) * tOut;
              m.fill(0, row, row + tOut);
            }
          }
        }
      });
    }
    return masks;
  }

  private candidates(weights: readonly PrunableTensor[], model: LayersModel): Candidate[] {
    const only = this.options.layers ? new Set(this.options.layers) : undefined;
    const reasons: string[] = [];
    const out: Candidate[] = [];
    for (const kernel of weights) {
      const layer = kernel.layer;
      if (layer === undefined || kernel.role !== 'kernel' || !NEURON_LAYERS.has(layer.getClassName())) continue;
      if (only && !only.has(layer.name)) continue;
      const path = channelPath(model, layer);
      let reason = typeof path === 'string' ? path : undefined;
      if (typeof path !== 'string') {
        const bad = [layer, ...path.through].find((l) => activationAtZero(l) !== 0);
        if (bad) reason = `the activation of '${bad.name}' does not map 0 to 0`;
        const nchw = [layer, ...path.through, path.target].find((l) => !isChannelsLast(l));
        if (nchw) reason = `'${nchw.name}' is channelsFirst`;
      }
      if (reason !== undefined || typeof path === 'string') {
        reasons.push(`'${layer.name}': ${reason}`);
        if (only) throw new Error(`neuronPruning: layer '${layer.name}' cannot lose neurons: ${reason}`);
        continue;
      }
      const units = kernel.shape[kernel.shape.length - 1];
      out.push({ layer, kernel, path, units, order: unitOrder(kernel.values, units) });
    }
    const missing = [...(only ?? [])].filter((n) => !out.some((c) => c.layer.name === n));
    if (missing.length > 0) throw new Error(`neuronPruning: ${missing.map((n) => `'${n}'`).join(', ')} is not a prunable Dense/Conv2D layer`);
    if (out.length === 0) throw new Error(`neuronPruning: no layer can lose neurons (${reasons.join('; ') || 'no Dense/Conv2D kernels'})`);
    return out;
  }

  /** The smallest per-layer fraction whose removal cuts at least `target` of the model's MACs. */
  private fractionForFlops(candidates: Candidate[], model: LayersModel, target: number): number {
    const macs = (fraction: number) => structuredMacs(model, candidates, fraction);
    const full = macs(0);
    const reduction = (f: number) => 1 - macs(f) / full;
    const most = reduction(1 - 1e-9);
    if (most < target) {
      throw new Error(`neuronPruning: flopReduction ${target} is unreachable; removing all but one unit of every eligible layer cuts ${(most * 100).toFixed(1)}%`);
    }
    let [lo, hi] = [0, 1 - 1e-9];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (reduction(mid) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

function removedCount(units: number, fraction: number): number {
  return Math.min(units - 1, Math.round(fraction * units));
}

/** Unit indices sorted by the ℓ2 norm of their weight vectors (last axis of the kernel). */
function unitOrder(values: Float32Array, units: number): number[] {
  const norms = new Float64Array(units);
  for (let i = 0; i < values.length; i++) norms[i % units] += values[i] * values[i];
  return Array.from({ length: units }, (_, j) => j).sort((a, b) => norms[a] - norms[b] || a - b);
}

/** MACs of every Dense/Conv2D layer when each candidate loses `fraction` of its units (and its target the inputs). */
function structuredMacs(model: LayersModel, candidates: Candidate[], fraction: number): number {
  const removedOut = new Map<Layer, number>();
  const removedIn = new Map<Layer, number>();
  for (const c of candidates) {
    const k = removedCount(c.units, fraction);
    removedOut.set(c.layer, k);
    removedIn.set(c.path.target, (removedIn.get(c.path.target) ?? 0) + k * positionsPerChannel(c.path));
  }
  let total = 0;
  const visit = (layers: Layer[]) => {
    for (const layer of layers) {
      const nested = layerInternals(layer).layers;
      if (nested) visit(nested);
      if (!NEURON_LAYERS.has(layer.getClassName())) continue;
      const shape: number[] = [...layerInternals(layer).kernel!.shape];
      const window = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const out = (Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape) as (number | null)[];
      const spatial = out.slice(1, -1).reduce<number>((a, b) => a * (b ?? 1), 1);
      const cin = shape[shape.length - 2] - (removedIn.get(layer) ?? 0);
      const cout = shape[shape.length - 1] - (removedOut.get(layer) ?? 0);
      total += spatial * window * cin * cout;
    }
  };
  visit(model.layers);
  return total;
}

export function neuronPruning(options: NeuronPruningOptions): NeuronPruner {
  return new NeuronPruner(options);
}
