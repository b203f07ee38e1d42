import { prunableWeights, type PrunableWeightsOptions } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createAttraction, parametersOf, pickParams, type AttractionKind, type PenaltyParams } from './penalty-spec.js';

export type Normalization = 'none' | 'layer-size';

/** One penalized variable: where it sits in the model's trainable list, and its own parameters. */
export interface PenalizedWeight {
  /** Name of the variable (the key of the gradient entry that trains it). */
  name?: string;
  /** Position in `model.trainableWeights` (the order LayersModel.fit hands gradients in); −1 when frozen. */
  index: number;
  /** False for a weight of φ that is frozen now: it gets its penalty once it trains again. */
  trainable?: boolean;
  /** Number of scalar weights (checked when a restored optimizer meets its model). */
  size: number;
  params: PenaltyParams;
}

export interface ResolveOptions {
  kind: AttractionKind;
  global: PenaltyParams;
  normalize: Normalization;
  /** The parameters NORM scales; default every α (a parameter whose name starts with `alpha`). */
  normalized?: readonly string[];
  layers: Record<string, Partial<PenaltyParams>>;
  weights?: PrunableWeightsOptions;
}

/**
 * Per-variable penalty parameters for every weight of φ, frozen ones included (they are
 * penalized from the step they train again), in trainable-list order, frozen ones last.
 * NORM (`layer-size`): the global α's (or only `normalized`) are scaled per layer by sqrt(n_layer / n_largest),
 * n = the layer's number of prunable weights (as in the authors' released code, which scales α₀ only).
 * SEP (`layers`): values given for a layer replace the global ones as they are (not scaled).
 */
export function resolvePenalties(model: LayersModel, options: ResolveOptions, who: string): PenalizedWeight[] {
  const phi = prunableWeights(model, options.weights);
  if (phi.length === 0) {
    throw new Error(`${who}: the model has no prunable weights (kernels, embeddings…); is it built?`);
  }
  const layerNames = [...new Set(phi.map((w) => w.layerName))];
  const unknown = Object.keys(options.layers).filter((n) => !layerNames.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `${who}: 'layers' names layer(s) without prunable weights: ${unknown.map((n) => `'${n}'`).join(', ')}; ` +
        `valid layers are ${layerNames.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  const layerSize = new Map<string, number>();
  for (const w of phi) layerSize.set(w.layerName, (layerSize.get(w.layerName) ?? 0) + w.size);
  const largest = Math.max(...layerSize.values());

  const trainableIndex = new Map(model.trainableWeights.map((v, i) => [v.name, i]));
  const resolved: PenalizedWeight[] = [];
  for (const w of phi) {
    const index = trainableIndex.get(w.name) ?? -1;
    const scale = options.normalize === 'layer-size' ? Math.sqrt(layerSize.get(w.layerName)! / largest) : 1;
    const override = pickParams(
      options.kind,
      options.layers[w.layerName] ?? {},
      `${who}: layers['${w.layerName}']`,
      true,
    );
    const params: PenaltyParams = {};
    for (const key of parametersOf(options.kind, who)) {
      const scaled = options.normalized ? options.normalized.includes(key) : key.startsWith('alpha');
      params[key] = key in override ? override[key] : scaled ? options.global[key] * scale : options.global[key];
    }
    createAttraction(options.kind, params); // validates the merged values now, naming the parameter
    resolved.push({ name: w.name, index, trainable: index >= 0, size: w.size, params });
  }
  const order = (p: PenalizedWeight) => (p.index >= 0 ? p.index : Number.MAX_SAFE_INTEGER);
  return resolved.sort((a, b) => order(a) - order(b));
}
