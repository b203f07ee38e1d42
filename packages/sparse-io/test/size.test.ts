import { describe, expect, it } from 'vitest';
import { encodePositions, positionEntropyBits } from '../src/index.js';

describe('positions near the information limit', () => {
  it.each([0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5])(
    'random mask at %f density: within 1.15× of log2 C(n, k)',
    (density) => {
      const n = 200_000;
      let seed = 7;
      const rand = () => {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        return seed / 2 ** 32;
      };
      const picked: number[] = [];
      for (let i = 0; i < n; i++) if (rand() < density) picked.push(i);
      const encoded = encodePositions(Uint32Array.from(picked), n);
      const bound = positionEntropyBits(n, picked.length);
      expect((encoded.bytes.length * 8) / bound).toBeLessThan(1.15);
    },
  );
});
