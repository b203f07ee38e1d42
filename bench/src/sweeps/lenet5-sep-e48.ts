// lenet5-sep-gradual trained twice as long (24 → 48 epochs): its networks are still at 5.3–7.8% error right after a
// one-shot cut to 359×, so FT rebuilds rather than polishes; does more ℓ0 training make them sparse enough?
// Each trial on both cores (threads 'auto': data-parallel for LeNet-5), so run it with --workers 1.
// Run: pnpm --filter @l0prune/bench sweep lenet5-sep-e48 --workers 1   (long: in the background, across sessions)
import gradual from './lenet5-sep-gradual.js';
import { mnistSeeds } from './mnist-search.js';

const { trainedIn: _trainedIn, ...base } = gradual.base;

export default mnistSeeds({ name: 'lenet5-sep-e48', base: { ...base, epochs: 48, threads: 'auto' }, ratio: 359 });
