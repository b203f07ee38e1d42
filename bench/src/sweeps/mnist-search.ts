import { defineSweep, type ParameterSpace } from '@l0prune/sweep';
import { holdsOut, type MnistTrialConfig, mnistTrial } from './mnist-trial.js';

/**
 * The MNIST searches' common form: ASHA over `parameters` (9 configurations, the best third of each rung on to the
 * next budget of epochs), ranked by the validation error at `ratio` — never the test set — with the highest ratio
 * within the paper's error against its test error as the Pareto plot.
 */
export function mnistSearch(o: {
  name: string;
  base: MnistTrialConfig;
  parameters: ParameterSpace;
  ratio: number;
  epochs: { min: number; max: number };
}) {
  return defineSweep<MnistTrialConfig>({
    name: o.name,
    base: o.base,
    parameters: o.parameters,
    search: { kind: 'asha', trials: 9, seed: 1, budget: { parameter: 'epochs', ...o.epochs } },
    objective: { metric: `validationError${o.ratio}`, mode: 'min' },
    pareto: { x: { metric: 'bestRatio', mode: 'max' }, y: { metric: 'bestTestError', mode: 'min' } },
    trial: (config, context) => mnistTrial(o.name, config, context),
  });
}

/**
 * One configuration over seeds 1–3, reported as their mean and range (`repeats: 'seed'`), ranked like the searches;
 * trained on all 60,000 images (`validationSize: 0`) there is no validation error, so the test error at `ratio` only
 * orders the table (a seeds sweep chooses nothing). With `parameters`, a grid of configurations (first parameter
 * slowest), each over the three seeds, ranked by its mean.
 */
export function mnistSeeds(o: { name: string; base: MnistTrialConfig; ratio: number; parameters?: ParameterSpace }) {
  const heldOut = holdsOut(o.base);
  return defineSweep<MnistTrialConfig>({
    name: o.name,
    base: o.base,
    parameters: { ...o.parameters, seed: { values: [1, 2, 3] } },
    search: { kind: 'grid' },
    repeats: 'seed',
    objective: { metric: `${heldOut ? 'validationError' : 'testError'}${o.ratio}`, mode: 'min' },
    pareto: heldOut
      ? { x: { metric: 'bestRatio', mode: 'max' }, y: { metric: 'bestTestError', mode: 'min' } }
      : { x: { metric: `ratio${o.ratio}`, mode: 'max' }, y: { metric: `testError${o.ratio}`, mode: 'min' } },
    trial: (config, context) => mnistTrial(o.name, config, context),
  });
}
