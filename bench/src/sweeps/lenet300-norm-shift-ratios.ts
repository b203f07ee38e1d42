// Past the paper with the off-paper lever: lenet300-norm-shift's networks at its configuration chosen on validation
// (augmentShift 1: 90× at 1.38% mean validation against shift 2's higher), pruned further — 150×, 200×, 250× (GP with
// dead units folded, FT 10 on shifted images, as that sweep). The highest ratio whose 3-seed mean test error is within
// the paper's NORM 1.85% is the figure reported. Fixed before running. Needs lenet300-norm-shift's checkpoints on this
// machine (`trainedIn`): only pruning and FT run, a few minutes a trial.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-shift-ratios --workers 2
import shift from './lenet300-norm-shift.js';
import { mnistSeeds } from './mnist-search.js';

export default mnistSeeds({
  name: 'lenet300-norm-shift-ratios',
  base: { ...shift.base, ratios: [150, 200, 250], trainedIn: 'lenet300-norm-shift' },
  parameters: { augmentShift: { values: [1] } },
  ratio: 200,
});
