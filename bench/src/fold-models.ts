// `foldDeadUnits` on the committed models of the sweeps that met or came closest to Tables 2–3 (GP without folding):
// nonzeros, compression ratio and test error before and after, per model. Folding changes no output, so the error
// must not move; what moves is the ratio the same network is really at.
// Run: pnpm --filter @l0prune/bench fold-models   → results/fold-dead-units.{md,json}
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { loadMnist, top1Error } from '@l0prune/mnist';
import { foldDeadUnits } from '@l0prune/pruning';
import '@l0prune/sparse-io';
import '@l0prune/optimizer';
import { machine, RESULTS_DIR, table, writeResult } from './report.js';

/** Sweep and model file (per trial) of each Table 2–3 row: their best settings over seeds 1–3. */
const MODELS: Array<[sweep: string, file: string]> = [
  ['lenet300-norm-seeds', 'lenet300-90x.l0s'],
  ['lenet300-sep-seeds', 'lenet300-96x.l0s'],
  ['lenet5-norm-ft8', 'lenet5-200x.l0s'],
  ['lenet5-sep-gradual', 'lenet5-359x.l0s'],
];
const TRIALS = { fbe47f6d82b4: 1, a61e75dcd678: 2, '4d687b643746': 3 } as const;

await chooseBackend();
const data = loadMnist({ trainLimit: 0, validationSize: 1 });
const rows: Array<Record<string, unknown>> = [];
for (const [sweep, file] of MODELS) {
  for (const [trial, seed] of Object.entries(TRIALS)) {
    const path = join(RESULTS_DIR, 'sweeps', sweep, 'trials', trial, 'models', file);
    const model = await tfl.loadLayersModel(`sparse://${path}`);
    const before = { ...countParameters(model), error: top1Error(model, data.test) };
    const { folded, unread, ineligible } = foldDeadUnits(model);
    const after = { ...countParameters(model), error: top1Error(model, data.test) };
    if (after.error !== before.error) throw new Error(`${path}: folding changed the test error`);
    rows.push({ sweep, file, seed, before, after, folded, unread, ineligible });
    model.dispose();
  }
}
const units = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([layer, n]) => `${layer} ${n}`)
    .join(', ') || '–';
type Count = { nonzero: number; compressionRatio: number; error: number };
const markdown = [
  '# Dead units folded in the committed Table 2–3 models',
  '',
  'Command: `pnpm --filter @l0prune/bench fold-models`. Each model as GP + FT left it, then `foldDeadUnits`',
  '(units without inputs folded into the next bias, units nothing reads cleared). Nonzeros count biases. The test',
  'error on the 10,000 MNIST test images is the same before and after (checked: the script stops otherwise).',
  '',
  table(
    [
      'model',
      'seed',
      'nonzero',
      'ratio',
      'folded: nonzero',
      'folded: ratio',
      'test error',
      'units folded',
      'units unread',
    ],
    rows.map((r) => {
      const [b, a] = [r.before as Count, r.after as Count];
      return [
        `${r.sweep}/${r.file}`,
        r.seed as number,
        b.nonzero,
        `${b.compressionRatio.toFixed(1)}×`,
        a.nonzero,
        `${a.compressionRatio.toFixed(1)}×`,
        `${b.error.toFixed(2)}%`,
        units(r.folded as Record<string, number>),
        units(r.unread as Record<string, number>),
      ];
    }),
  ),
].join('\n');
await writeResult('fold-dead-units', { machine: machine(), rows }, markdown);
