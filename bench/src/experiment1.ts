// Experiment 1 (Figures 3–4) and the ℓ0-vs-classic retraining comparison (Xie et al. 2019) on the
// LeNet-5 networks trained by `train-experiment1` (ℓ2, ℓ2+ℓ0, ℓ0, ℓ1; 4 epochs each).
// Per network: GP, LP and RP at ratios 2×…200× without FT; with FT, retraining in chunks of a
// fifth of an epoch (11,000 images, momentum 0.9, η 0.01, masks held), the test error after each.
// Writes results/experiment1/<penalty>.json; `experiment1 report` draws the plots and tables.
// Run: pnpm --filter @l0prune/bench experiment1 <penalty>   then   … experiment1 report
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { countParameters } from '@l0prune/core';
import { loadMnist, top1Error } from '@l0prune/mnist';
import { createPruner, maskedOptimizer, prune } from '@l0prune/pruning';
import { compile, disposeTrained, trainNetwork } from '@l0prune/harness';
import {
  EXPERIMENT1_PENALTIES,
  EXPERIMENT1_TRAINING,
  FT_CHUNK,
  FT_RATIOS,
  NO_FT_RATIOS,
  type FtRun,
} from './experiment1-config.js';
import { CHECKPOINTS_DIR, machine, writeResult } from './report.js';
import { fitOnChunk } from './chunk.js';

const GP_MAX_CHUNKS = 5;
const PRUNERS = ['gp', 'lp', 'rp'] as const;

const name = process.argv[2];
if (!(name in EXPERIMENT1_PENALTIES)) {
  console.error(`usage: experiment1 <${Object.keys(EXPERIMENT1_PENALTIES).join('|')}>  (or experiment1-report)`);
  process.exit(2);
}
const checkpointDir = join(CHECKPOINTS_DIR, `exp1-${name}`);
const state = join(checkpointDir, 'state.json');
if (!existsSync(state) || JSON.parse(readFileSync(state, 'utf8')).epochsDone !== EXPERIMENT1_TRAINING.epochs) {
  console.error(`exp1-${name} is not trained yet: run pnpm --filter @l0prune/bench train-experiment1 ${name}`);
  process.exit(1);
}
const backend = await chooseBackend();
const data = loadMnist();
const t0 = Date.now();
const { model, baseline } = await trainNetwork(data, {
  ...EXPERIMENT1_TRAINING,
  penalty: EXPERIMENT1_PENALTIES[name],
  checkpointDir,
});
const trained = model.getWeights().map((w) => w.clone());
const restore = () => model.setWeights(trained);

const noFt: Array<{ pruner: string; targetRatio: number; compressionRatio: number; testError: number }> = [];
for (const pruner of PRUNERS) {
  for (const target of NO_FT_RATIOS) {
    restore();
    const { report } = prune(
      model,
      createPruner(pruner, pruner === 'rp' ? { seed: 1 } : {}),
      { compressionRatio: target },
      { allowEmptyLayers: true },
    );
    noFt.push({
      pruner,
      targetRatio: target,
      compressionRatio: report.compressionRatio,
      testError: top1Error(model, data.test),
    });
    console.log(`${name} ${pruner} ${target}× no FT: ${noFt.at(-1)!.testError.toFixed(2)}%`);
  }
}

const ft: FtRun[] = [];
for (const pruner of PRUNERS) {
  for (const target of pruner === 'gp' ? FT_RATIOS : [10, 100]) {
    restore();
    const { masks, report } = prune(
      model,
      createPruner(pruner, pruner === 'rp' ? { seed: 1 } : {}),
      { compressionRatio: target },
      { allowEmptyLayers: true },
    );
    const run: FtRun = {
      pruner,
      targetRatio: target,
      compressionRatio: report.compressionRatio,
      errorNoFt: top1Error(model, data.test),
      errorAfterChunk: [],
    };
    compile(model, maskedOptimizer(tf.train.momentum(0.01, 0.9), masks));
    const maxChunks = pruner === 'gp' ? GP_MAX_CHUNKS : 1;
    for (let c = 0; c < maxChunks; c++) {
      await fitOnChunk(model, data.train, c, FT_CHUNK, {
        seed: 100 + c,
        label: `${name} ${pruner} ${target}× FT chunk ${c + 1}`,
      });
      run.errorAfterChunk.push(top1Error(model, data.test));
      // Retraining stops once within 0.1 points of the unpruned network (Xie et al.'s criterion).
      if (run.errorAfterChunk.at(-1)! <= baseline.testError + 0.1) break;
    }
    ft.push(run);
    console.log(
      `${name} ${pruner} ${target}×: ${run.errorNoFt.toFixed(2)}% → ` +
        `${run.errorAfterChunk.map((e) => `${e.toFixed(2)}%`).join(' → ')}`,
    );
  }
}
const parameters = countParameters(model).total;
tf.dispose(trained);
disposeTrained(model);
data.dispose();
await writeResult(
  join('experiment1', name),
  {
    penalty: EXPERIMENT1_PENALTIES[name],
    training: EXPERIMENT1_TRAINING,
    ftChunkImages: FT_CHUNK,
    ftLearningRate: 0.01,
    parameters,
    baseline,
    noFt,
    ft,
    backend: backend.name,
    machine: machine(),
    wallSeconds: (Date.now() - t0) / 1000,
  },
  `Experiment 1, ${name}: see docs/results.md (\`pnpm --filter @l0prune/bench experiment1-report\`).`,
);
