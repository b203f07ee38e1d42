export { defineSweep } from './define-sweep.js';
export type {
  AshaSearch,
  GridSearch,
  Metrics,
  Objective,
  RandomSearch,
  Search,
  SweepDefinition,
  TrialContext,
  TrialResult,
} from './define-sweep.js';
export type { ParameterSpace, ParameterSpec, ParameterValue } from './parameters.js';
export { SweepError } from './errors.js';
export { reportSweep, runSweep } from './run-sweep.js';
export type { RunSweepOptions } from './run-sweep.js';
export { runQueueWorker } from './queue-worker.js';
export type { QueueWorkerOptions } from './queue-worker.js';
export type { TrialRecord } from './journal.js';
export type { ConfigurationSummary, FailedTrial, SweepReport } from './report.js';
export { paretoFront } from './pareto.js';
export { rungBudgets } from './asha.js';
export { PLOT_FRAME, renderSvg } from './render-svg.js';
