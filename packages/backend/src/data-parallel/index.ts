export { dataParallel, defaultThreads } from './data-parallel.js';
export type { DataParallel, DataParallelOptions } from './data-parallel.js';
export type { Way } from './calibration.js';
