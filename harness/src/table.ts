import type { ExperimentResult } from './experiment.js';

/** The accuracy vs compression-ratio table the main job prints. */
export function resultTable(r: ExperimentResult): string {
  const header = ['target', 'ratio', 'nonzero', 'err no FT', 'err FT', 'acc FT'];
  const percent = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}%` : '—');
  const rows = [
    [
      'unpruned',
      '1.0×',
      String(r.parameters),
      percent(r.baseline.testError),
      percent(r.baseline.testError),
      percent(100 - r.baseline.testError),
    ],
    ...r.rows.map((row) => [
      `${row.targetRatio}×`,
      `${row.compressionRatio.toFixed(1)}×`,
      String(row.nonzero),
      `${row.errorNoFt.toFixed(2)}%`,
      `${row.testError.toFixed(2)}%`,
      `${(100 - row.testError).toFixed(2)}%`,
    ]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padStart(widths[i])).join('  ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    'ratio = all parameters / nonzero parameters, biases included in both counts; ' +
      'errors are top-1 on the MNIST test set.',
  ].join('\n');
}
