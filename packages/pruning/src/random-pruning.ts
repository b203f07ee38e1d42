import { checkNumber } from '@l0prune/core';
import type { Masks } from './masks.js';
import { mulberry32 } from '@l0prune/core';
import { requireKeep, type PrunableTensor, type Pruner, type PruneRequest } from './pruner.js';

export interface RandomPruningOptions {
  /** Seed of the random choice; the same seed prunes the same weights. Default 0. */
  seed?: number;
}

/**
 * RP: removes weights chosen uniformly at random among the nonzero weights of φ, regardless of
 * magnitude (section 4.1). Exact count in one pass (selection sampling, Knuth's Algorithm S).
 */
export class RandomPruner implements Pruner {
  readonly name = 'random';
  readonly seed: number;

  constructor(options: RandomPruningOptions = {}) {
    const extra = Object.keys(options ?? {}).filter((k) => k !== 'seed');
    if (extra.length > 0) throw new RangeError(`randomPruning: unknown option(s) ${extra.join(', ')}; valid: seed`);
    this.seed = checkNumber(options?.seed ?? 0, 'randomPruning: seed', { integer: true });
  }

  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks {
    const keep = requireKeep(request, 'randomPruning');
    const random = mulberry32(this.seed);
    let alive = 0;
    for (const w of weights) for (let i = 0; i < w.values.length; i++) if (w.values[i] !== 0) alive++;
    let toDrop = Math.max(0, alive - keep);
    const masks: Masks = new Map();
    for (const w of weights) {
      const mask = new Uint8Array(w.values.length);
      for (let i = 0; i < w.values.length; i++) {
        if (w.values[i] === 0) continue;
        if (random() * alive < toDrop) toDrop--;
        else mask[i] = 1;
        alive--;
      }
      masks.set(w.name, { shape: w.shape, values: mask });
    }
    return masks;
  }
}

export function randomPruning(options: RandomPruningOptions = {}): RandomPruner {
  return new RandomPruner(options);
}
