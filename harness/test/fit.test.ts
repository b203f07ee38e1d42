import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import type { Split } from '@l0prune/mnist';
import { fitWithProgress } from '../src/fit.js';
import { buildNetwork, compile, disposeTrained } from '../src/train.js';

const split = (n: number): Split => ({
  xs: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D,
  ys: tf.cast(tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 6), 10), 'float32') as tf.Tensor2D,
  size: n,
  labels: new Uint8Array(n),
});

describe('fitWithProgress', () => {
  it('trains on two threads (dataParallel) to the loss and weights of one, and says how many it used', async () => {
    const data = split(128);
    const run = async (threads: number, shards?: number) => {
      const model = buildNetwork('lenet300', 1);
      compile(model, tf.train.momentum(0.05, 0.9));
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const out = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const loss = await fitWithProgress(model, data, {
        epochs: 2,
        batchSize: 32,
        seed: 1,
        label: 'train',
        threads,
        shards,
      });
      const printed = [...log.mock.calls, ...out.mock.calls].map((c) => String(c[0])).join('');
      log.mockRestore();
      out.mockRestore();
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      disposeTrained(model);
      return { loss, weights, printed };
    };
    const one = await run(1);
    const two = await run(2);
    expect(two.loss).toBeCloseTo(one.loss, 5);
    let worst = 0;
    two.weights.forEach((w, j) => {
      w.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - one.weights[j][i]));
      });
    });
    expect(worst).toBeLessThan(1e-5);
    expect(two.printed).toMatch(/2 slices a batch, on 2 of 2 threads \(parallel\)/);
    // The same two slices computed on one thread: the same bits, so the figures never depend on the threads.
    const inTurn = await run(1, 2);
    expect(inTurn.printed).toMatch(/2 slices a batch, on 1 of 1 threads \(single\)/);
    expect(inTurn.weights).toEqual(two.weights);
    expect(inTurn.loss).toBe(two.loss);
    tf.dispose([data.xs, data.ys]);
  });
});
