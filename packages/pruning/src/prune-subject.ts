import type { Masks } from './masks.js';
import type { PrunableTensor, PruneRequest } from './pruner.js';
import type { PruningReport } from './report.js';

/** What `prune` needs of a model, LayersModel or GraphModel alike. */
export interface PruneSubject {
  /** φ as the pruner sees it (copies of the values). */
  tensors: PrunableTensor[];
  request: Omit<PruneRequest, 'keep'>;
  /** Every weight a mask may name, by name. */
  weights: Map<string, { shape: readonly number[]; dataSync(): ArrayLike<number> }>;
  /** All parameters, nonzero ones, and the nonzeros of prunable weights left out of φ by options. */
  counts(): { total: number; nonzero: number; excludedNonzero: number };
  apply(masks: Masks): void;
  report(): PruningReport;
}
