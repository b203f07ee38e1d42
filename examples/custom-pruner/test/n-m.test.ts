import * as tfl from '@tensorflow/tfjs-layers';
import { prunableWeights } from '@l0prune/core';
import { createPruner, prune } from '@l0prune/pruning';
import { describe, expect, it } from 'vitest';
import { registerNMPruner } from '../src/index.js';

describe('n-m pruner (third-party, by name)', () => {
  it('keeps exactly the 2 largest of every 4 inputs per output', () => {
    registerNMPruner();
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [8], units: 3, name: 'fc' })] });
    const before = Array.from(model.getWeights()[0].dataSync());
    const { report } = prune(model, createPruner('n-m', { n: 2, m: 4 }));
    const after = Array.from(prunableWeights(model)[0].variable.read().dataSync());
    for (let c = 0; c < 3; c++) {
      for (let g = 0; g < 8; g += 4) {
        const idx = [0, 1, 2, 3].map((r) => (g + r) * 3 + c);
        const kept = idx.filter((i) => after[i] !== 0);
        expect(kept).toHaveLength(2);
        const largest = [...idx]
          .sort((a, b) => Math.abs(before[b]) - Math.abs(before[a]))
          .slice(0, 2)
          .sort((a, b) => a - b);
        expect(kept).toEqual(largest);
      }
    }
    expect(report.nonzero).toBe(12); // 24 weights at 2:4; the biases start at zero
  });

  it('rejects invalid n and m', () => {
    registerNMPruner();
    expect(() => createPruner('n-m', { n: 4, m: 4 })).toThrow(/n must be an integer in \[1, m − 1\]/);
    expect(() => createPruner('n-m', { m: 1 })).toThrow(/m must be an integer ≥ 2/);
  });
});
