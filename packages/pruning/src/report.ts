import { countParameters, flattenLayers } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { layerMacs } from './macs.js';
import type { GroupReport } from './neuron-pruning.js';

export interface LayerPruningReport {
  readonly layerName: string;
  readonly className: string;
  /** All parameters of the layer, biases included. */
  readonly params: number;
  readonly nonzeroBefore: number;
  readonly nonzero: number;
  /** params / nonzero. */
  readonly compressionRatio: number;
  /** Dense-runtime multiply-accumulates per sample before and after (null: not modelled). FLOPs = 2 × MACs. */
  readonly macsBefore: number | null;
  readonly macs: number | null;
}

export interface PruningReport {
  readonly layers: readonly LayerPruningReport[];
  readonly params: number;
  readonly nonzeroBefore: number;
  readonly nonzero: number;
  /** All parameters / nonzero parameters, biases counted in both. */
  readonly compressionRatio: number;
  /** MAC totals over the layers whose MACs are modelled (see `macsNotCounted`). */
  readonly macsBefore: number;
  readonly macs: number;
  /** Structured pruning (NP): every channel group, its channels, how many were removed, or why it was left alone. */
  readonly groups?: readonly GroupReport[];
  /** Layers with weights whose MACs are not modelled (Embedding, RNNs, custom layers…): left out of the MAC totals. */
  readonly macsNotCounted: readonly string[];
  /** The report as a printable table. */
  toString(): string;
}

export interface ModelSnapshot {
  /** All parameters and nonzero ones, model-wide. */
  readonly total: number;
  readonly nonzeroTotal: number;
  readonly nonzero: Map<string, number>;
  readonly macs: Map<string, number | null>;
}

/** Nonzeros and MACs per layer now, to compare with after pruning. */
export function snapshot(model: LayersModel): ModelSnapshot {
  const counts = countParameters(model);
  return {
    total: counts.total,
    nonzeroTotal: counts.nonzero,
    nonzero: new Map(counts.layers.map((l) => [l.layerName, l.nonzero])),
    macs: new Map(flattenLayers(model).map((l) => [l.name, layerMacs(l)])),
  };
}

/** Per-layer and total parameters, nonzeros, compression ratio and MACs, before vs now. */
export function pruningReport(model: LayersModel, before: ModelSnapshot = snapshot(model)): PruningReport {
  const counts = countParameters(model);
  const layersByName = new Map(flattenLayers(model).map((l) => [l.name, l]));
  const layers = counts.layers.map((l): LayerPruningReport => {
    const layer = layersByName.get(l.layerName)!;
    return {
      layerName: l.layerName,
      className: layer.getClassName(),
      params: l.total,
      nonzeroBefore: before.nonzero.get(l.layerName) ?? l.total,
      nonzero: l.nonzero,
      compressionRatio: l.compressionRatio,
      macsBefore: before.macs.get(l.layerName) ?? null,
      macs: layerMacs(layer),
    };
  });
  const sum = (f: (l: LayerPruningReport) => number | null) => layers.reduce((s, l) => s + (f(l) ?? 0), 0);
  const report: PruningReport = {
    layers,
    params: counts.total,
    nonzeroBefore: sum((l) => l.nonzeroBefore),
    nonzero: counts.nonzero,
    compressionRatio: counts.compressionRatio,
    macsBefore: sum((l) => l.macsBefore),
    macs: sum((l) => l.macs),
    macsNotCounted: layers.filter((l) => l.macs === null).map((l) => `${l.layerName} (${l.className})`),
    toString: () => formatReport(report),
  };
  return report;
}

const fmt = (n: number | null) => (n === null ? 'not counted' : n.toLocaleString('en-US'));
const ratio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '∞');

/** A fixed-width table of the report. */
export function formatReport(report: PruningReport): string {
  const header = ['layer', 'type', 'params', 'nonzero', 'ratio', 'MACs before', 'MACs after'];
  const rows = report.layers.map((l) => [
    l.layerName,
    l.className,
    fmt(l.params),
    fmt(l.nonzero),
    ratio(l.compressionRatio),
    fmt(l.macsBefore),
    fmt(l.macs),
  ]);
  rows.push([
    'total',
    '',
    fmt(report.params),
    fmt(report.nonzero),
    ratio(report.compressionRatio),
    fmt(report.macsBefore),
    fmt(report.macs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(0, -1).map(line),
    widths.map((w) => '-'.repeat(w)).join('  '),
    line(rows[rows.length - 1]),
    'ratio = all parameters / nonzero parameters, biases included in both; FLOPs = 2 × MACs (per sample, ' +
      'dense runtime).',
    ...(report.macsNotCounted.length > 0
      ? [`MAC totals leave out (not counted): ${report.macsNotCounted.join(', ')}.`]
      : []),
    ...(report.groups
      ? [
          '',
          'channel groups (NP):',
          ...report.groups.map(
            (g) =>
              `  ${g.name}: ${g.removed}/${g.channels} channels ` +
              `removed${g.residual ? ' (residual)' : ''}${g.skipped ? ` — left alone: ${g.skipped}` : ''}`,
          ),
        ]
      : []),
  ].join('\n');
}
