// Trains the four LeNet-5 networks of Experiment 1 (ℓ2, ℓ2+ℓ0, ℓ0, ℓ1), each checkpointed every
// epoch under bench/checkpoints/exp1-<penalty>; a stopped run goes on from there.
// Run: pnpm --filter @l0prune/bench train-experiment1 [penalty…]   (≈ 13 min per network here)
import { join } from 'node:path';
import { chooseBackend } from '@l0prune/backend';
import { loadMnist } from '@l0prune/mnist';
import { disposeTrained, trainNetwork } from '@l0prune/harness';
import { EXPERIMENT1_PENALTIES, EXPERIMENT1_TRAINING } from './experiment1-config.js';
import { CHECKPOINTS_DIR } from './report.js';

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(EXPERIMENT1_PENALTIES);
const unknown = names.filter((n) => !(n in EXPERIMENT1_PENALTIES));
if (unknown.length > 0) {
  console.error(`unknown penalty ${unknown.join(', ')}; valid: ${Object.keys(EXPERIMENT1_PENALTIES).join(', ')}`);
  process.exit(2);
}
await chooseBackend();
const data = loadMnist();
for (const name of names) {
  console.log(`\n== ${name} ==`);
  const { model, seconds } = await trainNetwork(data, {
    ...EXPERIMENT1_TRAINING,
    penalty: EXPERIMENT1_PENALTIES[name],
    checkpointDir: join(CHECKPOINTS_DIR, `exp1-${name}`),
  });
  console.log(`${name}: ${seconds.toFixed(0)} s`);
  disposeTrained(model);
}
data.dispose();
