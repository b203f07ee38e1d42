export { useFastestBackend, chooseBackend } from './use-fastest-backend.js';
export type { BackendName, BackendChoice, UseFastestBackendOptions } from './use-fastest-backend.js';
export { registerTrainingKernels, TRAINING_KERNELS } from './training-kernels.js';
export { registerChainedOps } from './chained-ops.js';
