import { PRUNABLE_ROLES, readValuesCopy } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import { graphFloatWeights, graphPrunableWeights, setGraphWeights, type GraphModelLike } from './graph-model.js';
import { countNonzero } from '@l0prune/core';
import { maskTensor, maskedValue } from './masks.js';
import type { PruneOptions } from './prune.js';
import type { PruneSubject } from './prune-subject.js';
import type { LayerPruningReport, PruningReport } from './report.js';
import { formatReport } from './report.js';

/**
 * A GraphModel as `prune` sees it. `weights` options select by the name of the op a weight
 * feeds (`includeLayers` / `excludeLayers`) or by role; `filter` needs layers and is refused.
 */
export function graphSubject(model: GraphModelLike, options: PruneOptions): PruneSubject {
  const selection = options.weights ?? {};
  if (selection.filter)
    throw new TypeError(
      'prune: weights.filter is for LayersModels; on a GraphModel select weights with includeLayers/excludeLayers ' +
        '(op names)',
    );
  for (const role of selection.roles ?? []) {
    if (!PRUNABLE_ROLES.includes(role))
      throw new RangeError(`prune: unknown role '${role}'; valid roles are ${PRUNABLE_ROLES.join(', ')}`);
  }
  const all = graphPrunableWeights(model);
  const ops = new Set(all.flatMap((w) => [w.opName, w.name]));
  for (const key of ['includeLayers', 'excludeLayers'] as const) {
    const unknown = (selection[key] ?? []).filter((n) => !ops.has(n));
    if (unknown.length > 0) {
      throw new Error(
        `prune: ${key} names ${unknown.map((n) => `'${n}'`).join(', ')}, not an op with a prunable weight of the graph; those are ${[
          ...ops,
        ]
          .slice(0, 8)
          .map((n) => `'${n}'`)
          .join(', ')}…`,
      );
    }
  }
  const include = selection.includeLayers ? new Set(selection.includeLayers) : undefined;
  const exclude = new Set(selection.excludeLayers ?? []);
  const picked = (w: (typeof all)[number]) =>
    (!include || include.has(w.opName) || include.has(w.name)) &&
    !exclude.has(w.opName) &&
    !exclude.has(w.name) &&
    (!selection.roles || selection.roles.includes(w.role));
  const phi = all.filter(picked);
  const floats = graphFloatWeights(model);
  const nonzeroOf = (t: tf.Tensor) => countNonzero(t.dataSync());
  const before = new Map([...floats].map(([name, t]) => [name, nonzeroOf(t)]));
  const opOf = new Map(all.map((w) => [w.name, w]));
  return {
    tensors: phi.map((w) => ({
      name: w.name,
      layerName: w.opName,
      role: w.role,
      shape: w.tensor.shape,
      values: readValuesCopy(w.tensor) as Float32Array,
    })),
    request: { graphModel: model },
    weights: floats,
    counts: () => {
      let total = 0;
      let nonzero = 0;
      for (const t of floats.values()) {
        total += t.size;
        nonzero += nonzeroOf(t);
      }
      const excludedNonzero = all.filter((w) => !picked(w)).reduce((s, w) => s + nonzeroOf(w.tensor), 0);
      return { total, nonzero, excludedNonzero };
    },
    apply: (masks) => {
      const replaced = new Map<string, tf.Tensor>();
      for (const [name, mask] of masks)
        replaced.set(
          name,
          tf.tidy(() => maskedValue(floats.get(name)!, maskTensor(mask))),
        );
      setGraphWeights(model, replaced);
    },
    report: () => graphReport(model, before, opOf),
  };
}

/** One row per float32 weight (named by the op a prunable one feeds); MACs are not modelled for graphs. */
function graphReport(
  model: GraphModelLike,
  before: Map<string, number>,
  opOf: Map<string, { opName: string; op: string }>,
): PruningReport {
  const layers: LayerPruningReport[] = [];
  for (const [name, t] of graphFloatWeights(model)) {
    const nonzero = countNonzero(t.dataSync());
    const op = opOf.get(name);
    layers.push({
      layerName: op ? op.opName : name,
      className: op ? op.op : 'Const',
      params: t.size,
      nonzeroBefore: before.get(name) ?? t.size,
      nonzero,
      compressionRatio: nonzero === 0 ? Infinity : t.size / nonzero,
      macsBefore: null,
      macs: null,
    });
  }
  const params = layers.reduce((s, l) => s + l.params, 0);
  const nonzero = layers.reduce((s, l) => s + l.nonzero, 0);
  const report: PruningReport = {
    layers,
    params,
    nonzeroBefore: layers.reduce((s, l) => s + l.nonzeroBefore, 0),
    nonzero,
    compressionRatio: nonzero === 0 ? Infinity : params / nonzero,
    macsBefore: 0,
    macs: 0,
    macsNotCounted: ['every op (GraphModel: MACs are modelled for LayersModels only)'],
    toString: () => formatReport(report),
  };
  return report;
}
