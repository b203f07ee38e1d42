import type { LayersModel } from '@tensorflow/tfjs-layers';
import { flattenLayers } from './layers.js';

export interface ParameterCount {
  /** All weights, trainable and not (biases, BatchNorm statistics included), as Keras' countParams. */
  readonly total: number;
  /** Weights that are not exactly zero. */
  readonly nonzero: number;
  /** total / nonzero (Infinity when every weight is zero). */
  readonly compressionRatio: number;
}

export interface LayerParameterCount extends ParameterCount {
  readonly layerName: string;
}

export interface ModelParameterCount extends ParameterCount {
  /** The same counts per layer, in model order (layers without weights left out). */
  readonly layers: readonly LayerParameterCount[];
}

function ratio(total: number, nonzero: number): number {
  return nonzero === 0 ? Infinity : total / nonzero;
}

/** How many entries are not zero (−0 counts as zero). */
export function countNonzero(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
}

/**
 * Parameter accounting for compression ratios: all parameters / nonzero parameters,
 * biases counted in both (as the paper's tables do). Each weight is counted once even when
 * its layer is shared.
 */
export function countParameters(model: LayersModel): ModelParameterCount {
  const seen = new Set<unknown>();
  const layers: LayerParameterCount[] = [];
  let total = 0;
  let nonzero = 0;
  for (const layer of flattenLayers(model)) {
    let layerTotal = 0;
    let layerNonzero = 0;
    for (const weight of layer.weights) {
      if (seen.has(weight)) continue;
      seen.add(weight);
      const values = weight.read().dataSync();
      layerTotal += values.length;
      layerNonzero += countNonzero(values as ArrayLike<number>);
    }
    if (layerTotal === 0) continue;
    layers.push({
      layerName: layer.name,
      total: layerTotal,
      nonzero: layerNonzero,
      compressionRatio: ratio(layerTotal, layerNonzero),
    });
    total += layerTotal;
    nonzero += layerNonzero;
  }
  return { total, nonzero, compressionRatio: ratio(total, nonzero), layers };
}
