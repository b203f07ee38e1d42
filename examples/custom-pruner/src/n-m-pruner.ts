import type { Masks, PrunableTensor, Pruner } from '@l0prune/pruning';

export interface NMOptions {
  /** Weights kept in every group (default 2). */
  n?: number;
  /** Group size along the input axis (default 4). */
  m?: number;
}

/**
 * N:M semi-structured sparsity (NVIDIA Ampere's 2:4): in every group of M consecutive input
 * weights feeding one output, keep the N largest |w|. The sparsity is fixed at 1 − N/M, so this
 * pruner carries its own target, as structured pruners do.
 */
export class NMPruner implements Pruner {
  readonly name = 'n-m';
  readonly n: number;
  readonly m: number;

  constructor(options: NMOptions = {}) {
    const extra = Object.keys(options).filter((k) => k !== 'n' && k !== 'm');
    if (extra.length > 0) throw new RangeError(`n-m pruner: unknown option(s) ${extra.join(', ')}; valid: n, m`);
    this.n = options.n ?? 2;
    this.m = options.m ?? 4;
    if (!Number.isInteger(this.m) || this.m < 2)
      throw new RangeError(`n-m pruner: m must be an integer ≥ 2, got ${this.m}`);
    if (!Number.isInteger(this.n) || this.n < 1 || this.n >= this.m) {
      throw new RangeError(`n-m pruner: n must be an integer in [1, m − 1] = [1, ${this.m - 1}], got ${this.n}`);
    }
  }

  computeMasks(weights: readonly PrunableTensor[]): Masks {
    const masks: Masks = new Map();
    for (const w of weights) {
      const cols = w.shape[w.shape.length - 1];
      const inputs = w.shape[w.shape.length - 2] ?? 1;
      if (inputs % this.m !== 0) continue; // leave tensors whose input axis does not split into groups
      const windows = w.values.length / (inputs * cols);
      const mask = new Uint8Array(w.values.length);
      const group: number[] = [];
      for (let win = 0; win < windows; win++) {
        for (let c = 0; c < cols; c++) {
          for (let start = 0; start < inputs; start += this.m) {
            group.length = 0;
            for (let r = start; r < start + this.m; r++) group.push((win * inputs + r) * cols + c);
            group.sort((a, b) => Math.abs(w.values[b]) - Math.abs(w.values[a]) || a - b);
            for (let k = 0; k < this.n; k++) mask[group[k]] = 1;
          }
        }
      }
      masks.set(w.name, { shape: w.shape, values: mask });
    }
    return masks;
  }
}
