// What scripts/prepare-assets.ts writes to public/generated/assets.json: the page's index of
// models and data, with the sizes it compares.

export interface SparseModelAsset {
  /** short id used in the page and its tests: 'lenet300' | 'lenet5' */
  id: string;
  title: string;
  /** the .l0s file, relative to the page */
  file: string;
  bytes: number;
  /** the same weights as tfjs' dense model.json + weights.bin, relative to the page */
  denseModel: string;
  denseBytes: number;
  /** where the file is committed in the repository, and its committed figures on the 10,000 test images */
  source: string;
  testError: number;
  compressionRatio: number;
}

export interface AssetIndex {
  models: SparseModelAsset[];
  /** the dense trained model the prune panel starts from (tfjs files) */
  denseForPruning: { title: string; model: string; bytes: number; source: string };
  slice: { file: string; count: number };
}

export const ASSET_INDEX = 'generated/assets.json';
