// ℓ2–ℓ0 training that starts from lenet300-plain-seeds' networks (60 epochs without attraction: 1.58–1.62% test
// error, the paper's unpruned 1.64%) instead of random weights: 30 more epochs with lenet300-norm-seeds' settings
// (α₀ 6.27·10⁻⁴, α₂ 10⁻⁴, β 5, NORM, step decay), then GP and 10 FT epochs. From scratch the attraction costs the
// network 0.3 points (unpruned 1.89–2.08%); does it cost less on a network that has already learned?
// lenet300-norm-warm-a1e-3 is the same with α₀ 10⁻³ (30 epochs of pull instead of 60). Chosen between on validation.
// Needs lenet300-plain-seeds' checkpoints on this machine.
// Run: pnpm --filter @l0prune/bench sweep lenet300-norm-warm
import { mnistSeeds } from './mnist-search.js';
import seeds from './lenet300-norm-seeds.js';

export default mnistSeeds({
  name: 'lenet300-norm-warm',
  base: { ...seeds.base, epochs: 30, warmStartFrom: 'lenet300-plain-seeds' },
  ratio: 90,
});
