// Figures 5–6 of the paper (Experiment 2: accuracy vs compression ratio, NORM and SEP, without and
// with FT) from the committed results/reproduction/<run>/results.json; the paper's Table 2–3 points
// beside them. Run: pnpm --filter @l0prune/bench experiment2-figures
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '@l0prune/sparse-io';
import { accuracyPlot, type Series } from '@l0prune/harness';
import { RESULTS_DIR } from './report.js';

interface Reproduction {
  /** Where the network was trained: `trainingCheckpointDir` for a `trainedAs` run, else its own checkpoint. */
  options: { checkpointDir: string; trainingCheckpointDir?: string };
  baseline: { testError: number };
  rows: Array<{ compressionRatio: number; errorNoFt: number; testError: number }>;
}

interface Figure {
  file: string;
  title: string;
  /**
   * Runs of `reproduce <run>` to draw, each without and with FT; several runs of one trained network (`trainedAs`) make
   * one curve.
   */
  runs: Array<{ label: string; run: string | string[] }>;
  paper: Array<{ label: string; ratio: number; error: number }>;
  /** The y axis starts here; lower points (pruned, not fine-tuned) are in the tables. */
  minAccuracy: number;
}

const FIGURES: Figure[] = [
  {
    file: 'figure5-lenet300.svg',
    title: 'Figure 5: LeNet-300-100, GP (unpruned at 1×; below 96% clipped)',
    minAccuracy: 96,
    runs: [
      { label: 'NORM α₀ 10⁻³', run: 'lenet300-norm-ft10' },
      { label: 'NORM α₀ 5·10⁻⁴, 60 ep', run: 'lenet300-norm-a0.0005-e60' },
      { label: 'SEP', run: 'lenet300-sep-out' },
    ],
    paper: [
      { label: 'paper NORM + FT', ratio: 90, error: 1.85 },
      { label: 'paper SEP + FT', ratio: 96, error: 1.99 },
    ],
  },
  {
    file: 'figure6-lenet5.svg',
    title: 'Figure 6: LeNet-5-Caffe, GP (unpruned at 1×; below 97% clipped)',
    minAccuracy: 97,
    runs: [
      { label: 'NORM, 8 ep', run: 'lenet5-norm' },
      { label: 'SEP, 8 ep', run: 'lenet5-sep' },
      { label: 'SEP, 20 ep', run: 'lenet5-sep-e20' },
      { label: 'NORM, 20 ep', run: ['lenet5-norm-e20', 'lenet5-norm-e20-push'] },
    ],
    paper: [
      { label: 'paper NORM + FT', ratio: 200, error: 0.99 },
      { label: 'paper SEP + FT', ratio: 359, error: 0.97 },
    ],
  },
];

const dir = join(RESULTS_DIR, 'reproduction');

function load(run: string): Reproduction {
  const file = join(dir, run, 'results.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm --filter @l0prune/bench reproduce ${run} first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Reproduction;
}

/** One curve from runs that share a trained network: the first run's baseline, all rows by ratio. */
function loadCurve(runs: string | string[]): Reproduction {
  const names = Array.isArray(runs) ? runs : [runs];
  const results = names.map(load);
  const networks = new Set(results.map((r) => basename(r.options.trainingCheckpointDir ?? r.options.checkpointDir)));
  if (networks.size > 1)
    throw new Error(`${names.join(', ')} do not share a trained network (trained by ${[...networks].join(', ')})`);
  const rows = results.flatMap((r) => r.rows).sort((a, b) => a.compressionRatio - b.compressionRatio);
  return { ...results[0]!, rows };
}

for (const figure of FIGURES) {
  const series: Series[] = figure.runs.flatMap(({ label, run }) => {
    const result = loadCurve(run);
    const unpruned = { ratio: 1, accuracy: 100 - result.baseline.testError };
    const curve = (error: (row: Reproduction['rows'][number]) => number) => [
      unpruned,
      ...result.rows.map((row) => ({ ratio: row.compressionRatio, accuracy: 100 - error(row) })),
    ];
    return [
      { name: label, points: curve((row) => row.errorNoFt) },
      { name: `${label} + FT`, points: curve((row) => row.testError) },
    ];
  });
  for (const point of figure.paper)
    series.push({ name: point.label, points: [{ ratio: point.ratio, accuracy: 100 - point.error }] });
  const path = join(dir, figure.file);
  await writeFileAtomic(path, await accuracyPlot(figure.title, series, { minAccuracy: figure.minAccuracy }));
  console.log(`wrote ${path}`);
}
