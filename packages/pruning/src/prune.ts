import {
  countNonzero,
  checkLayersModel,
  describeValue,
  prunableWeights,
  readValuesCopy,
  type PrunableWeightsOptions,
} from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { graphSubject } from './graph-prune-subject.js';
import { isGraphModel, layersModelOnly, type GraphModelLike } from './graph-model.js';
import { applyMasks, checkMasks, intersectMasks, modelVariables, nonzeroMask, type Masks } from './masks.js';
import { keepCount, type PruneTarget } from './prune-target.js';
import type { PrunableTensor, Pruner } from './pruner.js';
import type { PruneSubject } from './prune-subject.js';
import { formatReport, pruningReport, snapshot, type PruningReport } from './report.js';

export interface PruneOptions {
  /** Which weights form φ (default: all kernels, embeddings, recurrent kernels). */
  weights?: PrunableWeightsOptions;
  /** Allow a result that zeroes every prunable weight of a layer (default: an error). */
  allowEmptyLayers?: boolean;
}

export interface PruneResult {
  /** One mask per weight of φ (and per other weight a structured pruner touched), earlier zeros kept. */
  masks: Masks;
  report: PruningReport;
}

/**
 * Prunes `model` in place: asks `pruner` for masks, keeps every zero that earlier pruning left
 * (iterative pruning, as PyTorch's PruningContainer), checks them, and zeroes the weights.
 * Unstructured pruners need a target (`{ compressionRatio }`, all params / nonzero params with
 * biases counted, or `{ sparsity }` of φ); structured ones (NP) carry theirs in their options.
 * A target below what earlier pruning already reached prunes nothing more.
 *
 * `model` may be a converted GraphModel (GP/LP/RP): φ is then the constant filters and matrices
 * of its convs and matmuls, parameters are its float32 constants, and `graphModel.save` writes
 * the pruned weights. NP, shrink and training need a LayersModel.
 */
export function prune(
  model: LayersModel | GraphModelLike,
  pruner: Pruner,
  target?: PruneTarget,
  options: PruneOptions = {},
): PruneResult {
  if (pruner == null || typeof pruner.computeMasks !== 'function') {
    throw new TypeError(
      `prune: pruner must be a Pruner (e.g. globalMagnitude(), or createPruner(name)), got ${describeValue(pruner)}`,
    );
  }
  if (target !== undefined && pruner.takesTarget === false) {
    throw new RangeError(
      `prune(${pruner.name}): this pruner carries its own target in its options and would ignore ` +
        `${JSON.stringify(target)}; call prune(model, pruner) without a target, or prune with globalMagnitude() to ` +
        `reach a compression ratio (NP+GP)`,
    );
  }
  let subject: PruneSubject;
  if (isGraphModel(model)) {
    if (pruner.takesTarget === false) throw layersModelOnly(`prune(${pruner.name})`, model);
    subject = graphSubject(model, options);
  } else {
    checkLayersModel(model, 'prune');
    subject = layersSubject(model, options);
  }
  const { tensors } = subject;
  if (tensors.length === 0)
    throw new Error('prune: the model has no prunable weights (Dense/Conv kernels, embeddings…)');
  let keep: number | undefined;
  if (target !== undefined) {
    const phiSize = tensors.reduce((s, t) => s + t.values.length, 0);
    const phiNonzero = tensors.reduce((s, t) => s + countNonzero(t.values), 0);
    const { total, nonzero, excludedNonzero } = subject.counts();
    keep = Math.min(
      keepCount(target, { total, otherNonzero: nonzero - phiNonzero, phiSize, excludedNonzero }),
      phiNonzero,
    );
  }
  const proposed = pruner.computeMasks(tensors, { ...subject.request, keep });
  checkMasks(proposed, subject.weights, `prune(${pruner.name})`);

  const masks: Masks = new Map();
  for (const t of tensors) {
    const previous = nonzeroMask(t.values, t.shape);
    const mask = proposed.get(t.name);
    masks.set(t.name, mask ? intersectMasks(mask, previous) : previous);
  }
  for (const [name, mask] of proposed) {
    if (!masks.has(name))
      masks.set(name, intersectMasks(mask, nonzeroMask(subject.weights.get(name)!.dataSync(), mask.shape)));
  }
  if (!options.allowEmptyLayers) checkNoEmptyLayer(tensors, masks, pruner.name, target);
  subject.apply(masks);
  const report = subject.report();
  const groups = pruner.structure?.();
  return {
    masks,
    report: groups ? { ...report, groups, toString: () => formatReport({ ...report, groups }) } : report,
  };
}

function layersSubject(model: LayersModel, options: PruneOptions): PruneSubject {
  const phi = prunableWeights(model, options.weights);
  const before = snapshot(model);
  const variables = modelVariables(model);
  const tensors: PrunableTensor[] = phi.map((w) => ({
    name: w.name,
    layerName: w.layerName,
    role: w.role,
    shape: w.shape,
    // A copy: on the cpu backend dataSync() is the weight's live storage, and a pruner may sort it.
    values: readValuesCopy(w.variable.read()) as Float32Array,
    layer: w.layer,
  }));
  return {
    tensors,
    request: { model },
    weights: variables,
    // The snapshot already read every weight once: the counts before pruning are its totals.
    counts: () => {
      const inPhi = new Set(phi.map((w) => w.name));
      const excludedNonzero = options.weights
        ? prunableWeights(model)
            .filter((w) => !inPhi.has(w.name))
            .reduce((s, w) => s + countNonzero(w.variable.read().dataSync()), 0)
        : 0;
      return { total: before.total, nonzero: before.nonzeroTotal, excludedNonzero };
    },
    apply: (masks) => applyMasks(variables, masks),
    report: () => pruningReport(model, before),
  };
}

/** Names of the layers whose prunable weights the masks (one per tensor, in order) would all remove. */
export function emptyLayers(tensors: readonly PrunableTensor[], masks: readonly ArrayLike<number>[]): string[] {
  const kept = new Map<string, number>();
  tensors.forEach((t, i) => kept.set(t.layerName, (kept.get(t.layerName) ?? 0) + countNonzero(masks[i])));
  return [...kept].filter(([, n]) => n === 0).map(([name]) => name);
}

function checkNoEmptyLayer(tensors: PrunableTensor[], masks: Masks, who: string, target?: PruneTarget): void {
  const empty = emptyLayers(
    tensors,
    tensors.map((t) => masks.get(t.name)!.values),
  ).map((name) => `'${name}'`);
  if (empty.length > 0) {
    throw new RangeError(
      `prune(${who}): the target would remove every prunable weight of ${empty.join(', ')}, cutting the network; ` +
        `${target && 'sparsity' in target ? 'choose a lower sparsity' : 'choose a lower compression ratio'}, ` +
        `or pass { allowEmptyLayers: true }`,
    );
  }
}
