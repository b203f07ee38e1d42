import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { globalMagnitude, maskedOptimizer, prune } from '@l0prune/pruning';
import { describe, expect, it } from 'vitest';
import { gradualFt } from '../src/gradual-ft.js';

function model(): tfl.LayersModel {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [8], units: 16, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 4, kernelInitializer: init(2) }),
    ],
  });
}

const zerosOf = (m: tfl.LayersModel) =>
  m.getWeights().reduce((n, w) => n + (w.rank > 1 ? w.dataSync().filter((v) => v === 0).length : 0), 0);

describe('gradualFt', () => {
  it('rises to exactly the one-shot sparsity at the end of its epochs, and holds it', async () => {
    const m = model();
    const trained = m.getWeights().map((w) => w.clone());
    const { masks } = prune(m, globalMagnitude(), { compressionRatio: 10 });
    const oneShotZeros = zerosOf(m);
    m.setWeights(trained);
    const [x, y] = [tf.randomNormal([64, 8], 0, 1, 'float32', 3), tf.randomNormal([64, 4], 0, 1, 'float32', 4)];
    const callback = gradualFt(
      { fromRatio: 2, epochs: 2, frequency: 2 },
      { pruner: globalMagnitude(), targetRatio: 10, targetMasks: masks, ftEpochs: 3, batchesPerEpoch: 8 },
    );
    const zerosAfterEpoch: number[] = [];
    m.compile({ optimizer: maskedOptimizer(tf.train.sgd(0.05), new Map()), loss: 'meanSquaredError' });
    let afterFirst = 0; // the masked optimizer's mask tensors exist from the first pruning step on
    for (let epoch = 0; epoch < 3; epoch++) {
      await m.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0, callbacks: [callback] });
      zerosAfterEpoch.push(zerosOf(m));
      if (epoch === 0) afterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterFirst);
    // About half of the kernels at 2× after the first step; the target's count exactly from the last step on.
    expect(zerosAfterEpoch[0]).toBeGreaterThan(oneShotZeros / 2);
    expect(zerosAfterEpoch[0]).toBeLessThan(oneShotZeros);
    expect(zerosAfterEpoch[1]).toBe(oneShotZeros);
    expect(zerosAfterEpoch[2]).toBe(oneShotZeros);
    expect(callback.step).toBe(24);
    tf.dispose([x, y, ...trained]);
    m.dispose();
  });

  it('refuses options outside their range, naming it', () => {
    const m = model();
    const { masks } = prune(m, globalMagnitude(), { compressionRatio: 10 });
    const context = { pruner: globalMagnitude(), targetRatio: 10, targetMasks: masks, ftEpochs: 3, batchesPerEpoch: 8 };
    expect(() => gradualFt({ fromRatio: 10, epochs: 1 }, context)).toThrow(
      /gradualFt: fromRatio must be a finite number in \[1, 10\) \(the first pruning step's ratio, below the target 10×\), got 10/,
    );
    expect(() => gradualFt({ fromRatio: 2, epochs: 4 }, context)).toThrow(
      /gradualFt: epochs must be an integer in \[1, 3\]/,
    );
    expect(() => gradualFt({ fromRatio: 2, epochs: 1, frequency: 0 }, context)).toThrow(
      /frequency must be an integer ≥ 1/,
    );
    expect(() => gradualFt({ fromRatio: 2, epochs: 1, every: 5 } as never, context)).toThrow(
      /unknown option\(s\) every; valid: fromRatio, epochs, frequency/,
    );
    m.dispose();
  });
});
