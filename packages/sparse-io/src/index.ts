// The full API for Node: the browser-safe one, plus files on disk and the `sparse://` router
// (registered on import). Bundlers for the browser get `browser.ts` through the `browser` export condition.
export * from './browser.js';
export type { SparseFileOptions } from './file-handler.js';
export {
  sparseFileHandler,
  sparseRouter,
  registerSparseRouter,
  sparseFilePath,
  SPARSE_SCHEME,
  SPARSE_EXTENSION,
} from './file-handler.js';
export { readDenseModel, writeDenseModel } from './dense-model-files.js';
export { writeFileAtomic } from './atomic-write.js';
