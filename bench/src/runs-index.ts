// Every `reproduce` run in one table — settings, backend and time, read from the committed
// results.json files — written into docs/results.md between its runs-index markers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentResult } from '@l0prune/harness';
import { RESULTS_DOC, writeDocsSection } from './docs-section.js';
import { RESULTS_DIR, table } from './report.js';

/** A committed results.json of `reproduce` (older runs also recorded their training checkpoint folder). */
type RunJson = Pick<ExperimentResult, 'rows' | 'seconds'> & {
  name: string;
  backend: string;
  options: ExperimentResult['options'] & { trainingCheckpointDir?: string };
};

const COLUMNS = [
  'run',
  'network',
  'epochs',
  'FT epochs',
  'batch',
  'η / η FT',
  'momentum',
  'α₂',
  'α₀ (per-layer overrides)',
  'β',
  'scaling',
  'ratios',
  'seed',
  'backend',
  'training',
  'GP + FT + eval',
];

const number = (x: number) =>
  x >= 0.01 || x === 0
    ? String(x)
    : x
        .toExponential()
        .replace('e-', '·10⁻')
        .replace(/⁻(\d+)/, (_, d: string) => `⁻${superscript(d)}`);
const superscript = (digits: string) => [...digits].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');
const SYMBOLS: Record<string, string> = { alphaL0: 'α₀', alphaL2: 'α₂', beta: 'β' };
const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

function penalty(o: RunJson['options']): string {
  const overrides = Object.entries(o.layers ?? {}).map(
    ([layer, p]) =>
      `${layer} ${Object.entries(p)
        .map(([k, v]) => `${SYMBOLS[k] ?? k} ${number(v as number)}`)
        .join(', ')}`,
  );
  return [number(o.alphaL0), ...overrides].join('; ');
}

/**
 * Training and sweep time; runs that reuse another's network say whose. Before checkpoints kept
 * times (rows without `seconds`), a resumed run reported only its last invocation: under 20 s an
 * epoch (GP and evaluation included), less than any epoch took on the machine those ran on, means resumed.
 */
function times(run: RunJson): [string, string] {
  const o = run.options;
  const parent = o.trainingCheckpointDir?.split(/[\\/]/).pop();
  const oldFormat = run.rows.some((row) => row.seconds === undefined);
  const time = (seconds: number, epochs: number) =>
    oldFormat && seconds < 20 * epochs ? 'not recorded (resumed)' : minutes(seconds);
  return [
    parent ? `by \`${parent}\`` : time(run.seconds.train, o.epochs),
    time(run.seconds.sweep, o.ratios.length * o.ftEpochs),
  ];
}

const dir = join(RESULTS_DIR, 'reproduction');
const runs: RunJson[] = readdirSync(dir)
  .filter((name) => existsSync(join(dir, name, 'results.json')))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(dir, name, 'results.json'), 'utf8')) as RunJson);
const rows = runs.map((run) => {
  const o = run.options;
  return [
    `[\`${run.name}\`](../bench/results/reproduction/${run.name})`,
    o.model === 'lenet5' ? 'LeNet-5-Caffe' : 'LeNet-300-100',
    o.epochs,
    o.ftLearningRateDecay ? `${o.ftEpochs} (step decay)` : o.ftEpochs,
    o.batchSize,
    `${o.learningRate} / ${o.ftLearningRate}`,
    o.momentum,
    number(o.alphaL2),
    penalty(o),
    o.beta,
    o.normalizedParameters ? `${o.normalize} (${o.normalizedParameters.join(', ')} only)` : o.normalize,
    o.ratios.map((r) => `${r}×`).join(' '),
    o.seed,
    run.backend,
    ...times(run),
  ];
});
await writeDocsSection('runs-index', table(COLUMNS, rows));
console.log(`${runs.length} runs → ${RESULTS_DOC}`);
