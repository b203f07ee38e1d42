export { parseIdx, IdxFormatError } from './idx.js';
export type { IdxArray } from './idx.js';
export { loadMnist, loadFashionMnist, loadIdxDataset, mnistDataDir, DEBIAN_FASHION_MNIST_DIR } from './load.js';
export type { Dataset, Split, LoadOptions } from './load.js';
export { lenet300100, lenet5Caffe } from './models.js';
export type { ModelOptions } from './models.js';
export { top1Error } from './evaluate.js';
