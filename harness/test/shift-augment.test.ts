import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import type { Split } from '@l0prune/mnist';
import { fitWithProgress } from '../src/fit.js';
import { checkAugmentShift, shiftedImages } from '../src/shift-augment.js';
import { buildNetwork, compile, disposeTrained } from '../src/train.js';

/** The (dx, dy) within ±maxShift that turns `source` into `shifted` (zeros moved in), or undefined. */
function findShift(source: number[], shifted: number[], size: number, maxShift: number) {
  for (let dy = -maxShift; dy <= maxShift; dy++)
    for (let dx = -maxShift; dx <= maxShift; dx++) {
      const matches = shifted.every((v, k) => {
        const [y, x] = [Math.floor(k / size) - dy, (k % size) - dx];
        return v === (y >= 0 && y < size && x >= 0 && x < size ? source[y * size + x] : 0);
      });
      if (matches) return `${dx},${dy}`;
    }
  return undefined;
}

describe('shiftedImages', () => {
  it('moves each image of the order by its own shift within ±maxShift, zeros moved in, and repeats by seed', () => {
    const [n, size, maxShift] = [40, 6, 2];
    // Distinct positive pixels, so every shift gives a different picture.
    const images = Float32Array.from({ length: n * size * size }, (_, k) => k + 1);
    const order = Int32Array.from({ length: n }, (_, i) => (i * 7) % n);
    const out = shiftedImages(images, order, { height: size, width: size }, maxShift, 3);
    const shifts = new Set<string>();
    for (let i = 0; i < n; i++) {
      const source = Array.from(images.subarray(order[i] * size * size, (order[i] + 1) * size * size));
      const shifted = Array.from(out.subarray(i * size * size, (i + 1) * size * size));
      const shift = findShift(source, shifted, size, maxShift);
      expect(shift, `image ${i}`).toBeDefined();
      shifts.add(shift as string);
    }
    // Not one shift for all (nor none): with 25 possible shifts, 40 images see many of them.
    expect(shifts.size).toBeGreaterThan(10);
    expect(shifts.has('2,-2') || shifts.has('-2,2') || shifts.has('2,2') || shifts.has('-2,-2')).toBe(true);
    expect(shiftedImages(images, order, { height: size, width: size }, maxShift, 3)).toEqual(out);
    expect(shiftedImages(images, order, { height: size, width: size }, maxShift, 4)).not.toEqual(out);
  });

  it('refuses a shift that is not a whole number of pixels from 1 to 9, naming the range', () => {
    for (const bad of [0, 10, 1.5, -1, Number.NaN])
      expect(() => checkAugmentShift(bad, 'runExperiment')).toThrow(
        /runExperiment: augmentShift must be a whole number of pixels from 1 to 9, got .*; leave it out/,
      );
    expect(() => checkAugmentShift(undefined, 'x')).not.toThrow();
    expect(() => checkAugmentShift(2, 'x')).not.toThrow();
  });
});

describe('fitWithProgress with augmentShift', () => {
  it('trains on shifted images (other weights than without), repeats by seed, and leaks no tensors', async () => {
    const n = 64;
    const data: Split = {
      xs: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D,
      ys: tf.cast(tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 6), 10), 'float32') as tf.Tensor2D,
      size: n,
      labels: new Uint8Array(n),
    };
    const run = async (augmentShift?: number) => {
      const model = buildNetwork('lenet300', 1);
      compile(model, tf.train.momentum(0.05, 0.9));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const out = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const before = tf.memory().numTensors;
      await fitWithProgress(model, data, { epochs: 2, batchSize: 32, seed: 1, label: 'train', augmentShift });
      const leaked = tf.memory().numTensors - before;
      log.mockRestore();
      out.mockRestore();
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      disposeTrained(model);
      return { weights, leaked };
    };
    const plain = await run();
    const shifted = await run(2);
    const again = await run(2);
    expect(shifted.weights).not.toEqual(plain.weights);
    expect(again.weights).toEqual(shifted.weights);
    expect(shifted.leaked).toBe(plain.leaked);
    // Refused up front, before any training step.
    const model = buildNetwork('lenet300', 1);
    const options = { epochs: 1, batchSize: 32, seed: 1, label: 'x' };
    await expect(fitWithProgress(model, data, { ...options, augmentShift: 0 })).rejects.toThrow(
      /fitWithProgress: augmentShift must be a whole number of pixels from 1 to 9/,
    );
    const rgb = { ...data, xs: tf.zeros([n, 28, 28, 3]) as tf.Tensor4D };
    await expect(fitWithProgress(model, rgb, { ...options, augmentShift: 1 })).rejects.toThrow(
      /augmentShift moves one-channel images, got 3 channels/,
    );
    model.dispose();
    rgb.xs.dispose();
    tf.dispose([data.xs, data.ys]);
  });
});
