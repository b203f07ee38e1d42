export { runExperiment } from './experiment.js';
export type { ExperimentOptions, ExperimentResult, RatioResult } from './experiment.js';
export { runRelevanceExperiment } from './relevance-experiment.js';
export type { EpochLog, PruningStepLog, RelevanceOptions } from './relevance-experiment.js';
export {
  buildNetwork,
  compile,
  cosineDecay,
  disposeTrained,
  learningRateSchedule,
  stepDecay,
  trainingOptimizer,
  trainNetwork,
} from './train.js';
export type { InnerOptimizer, PenaltyChoice, Schedule, TrainOptions, Trained } from './train.js';
export { fitWithProgress } from './fit.js';
export { MAX_AUGMENT_SHIFT } from './shift-augment.js';
export type { GradualFtOptions } from './gradual-ft.js';
export type { FitOptions } from './fit.js';
export { Checkpoint } from './checkpoint.js';
export { shownPath, withRelativePaths } from './relative-paths.js';
export { formatValidationError, validationError } from './validation-error.js';
export { accuracyPlot } from './plot.js';
export type { Series } from './plot.js';
export { resultTable } from './table.js';
