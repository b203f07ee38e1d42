import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prunableWeights, registerPrunableLayer, unregisterPrunableLayer } from '@l0prune/core';
import { l2l0Optimizer } from '@l0prune/optimizer';
import '@l0prune/sparse-io';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { globalMagnitude, maskedOptimizer, nonzeroMasks, prune } from '../src/index.js';

/** A user's layer whose prunable weight is not called `kernel`: y = (x · W) ⊙ g. */
class GatedLinear extends tfl.layers.Layer {
  static className = 'GatedLinear';
  readonly units: number;
  matrix!: tfl.LayerVariable;
  gate!: tfl.LayerVariable;

  constructor(config: { units: number; name?: string }) {
    super(config);
    this.units = config.units;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = inputShape as tfl.Shape;
    this.matrix = this.addWeight(
      'matrix',
      [shape[shape.length - 1]!, this.units],
      'float32',
      tfl.initializers.glorotUniform({ seed: 3 }),
    );
    this.gate = this.addWeight('gate', [this.units], 'float32', tfl.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [(inputShape as tfl.Shape)[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.mul(tf.matMul(x, this.matrix.read()), this.gate.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }

  /** tfmot's PrunableLayer: the matrix is in φ, the gate (like a bias) is not. */
  getPrunableWeights(): tfl.LayerVariable[] {
    return [this.matrix];
  }
}
tf.serialization.registerClass(GatedLinear);

/** A layer class "we do not own": no getPrunableWeights, registered by class name instead. */
class Foreign extends GatedLinear {
  static override className = 'ForeignGated';
  override getPrunableWeights(): tfl.LayerVariable[] {
    return [];
  }
}
tf.serialization.registerClass(Foreign);

function model(Cls: typeof GatedLinear): tfl.LayersModel {
  const input = tfl.input({ shape: [12] });
  const hidden = new Cls({ units: 16, name: 'custom' }).apply(input) as tfl.SymbolicTensor;
  const out = tfl.layers
    .dense({ units: 3, activation: 'softmax', name: 'out' })
    .apply(tfl.layers.activation({ activation: 'relu' }).apply(hidden));
  return tfl.model({ inputs: input, outputs: out as tfl.SymbolicTensor });
}

const data = () => [
  tf.randomNormal([32, 12], 0, 1, 'float32', 5),
  tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 32 }, (_, i) => i % 3),
      'int32',
    ),
    3,
  ),
];
const zeros = (m: tfl.LayersModel, layer: string) =>
  Array.from(m.getLayer(layer).getWeights()[0].dataSync()).filter((v) => v === 0).length;

describe('custom layers declare their prunable weights', () => {
  it('getPrunableWeights(): φ, the ℓ2–ℓ0 optimizer, GP, masked fine-tuning and a sparse file all follow', async () => {
    const m = model(GatedLinear);
    expect(prunableWeights(m).map((w) => `${w.layerName}:${w.role}:${w.shape.join('x')}`)).toEqual([
      'custom:declared:12x16',
      'out:kernel:16x3',
    ]);
    const [x, y] = data();
    const opt = l2l0Optimizer(tf.train.sgd(0.1), { model: m, alphaL2: 1e-3, alphaL0: 1e-3, beta: 5 });
    expect(opt.penalizedWeights.map((p) => p.name)).toEqual([
      m.getLayer('custom').weights[0].name,
      m.getLayer('out').weights[0].name,
    ]);
    m.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });

    const { masks, report } = prune(m, globalMagnitude(), { sparsity: 0.75 });
    expect(masks.has(m.getLayer('custom').weights[0].name)).toBe(true);
    expect(masks.has(m.getLayer('custom').weights[1].name)).toBe(false); // the gate is not in φ
    expect(zeros(m, 'custom')).toBeGreaterThan(100);
    expect(report.layers.find((l) => l.layerName === 'custom')!.nonzero).toBeLessThan(192 + 16);

    m.compile({ optimizer: maskedOptimizer(tf.train.adam(0.01), masks), loss: 'categoricalCrossentropy' });
    const heldZeros = zeros(m, 'custom');
    await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(zeros(m, 'custom')).toBe(heldZeros);

    const dir = join(mkdtempSync(join(tmpdir(), 'custom-')), 'model');
    await m.save(`sparse://${dir}`);
    const loaded = await tfl.loadLayersModel(`sparse://${dir}`);
    expect(loaded.getLayer('custom').getClassName()).toBe('GatedLinear');
    expect(zeros(loaded, 'custom')).toBe(heldZeros);
    const diff = tf.tidy(
      () => tf.max(tf.abs(tf.sub(m.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0],
    );
    expect(diff).toBe(0);
    // And it fine-tunes on with its zeros kept, from its own masks.
    loaded.compile({
      optimizer: maskedOptimizer(tf.train.sgd(0.1), nonzeroMasks(loaded)),
      loss: 'categoricalCrossentropy',
    });
    await loaded.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(zeros(loaded, 'custom')).toBe(heldZeros);
    tf.dispose([x, y]);
  });

  it('registerPrunableLayer covers a class the user does not own; bad declarations are clear errors', () => {
    const m = model(Foreign);
    expect(prunableWeights(m).map((w) => w.layerName)).toEqual(['out']);
    registerPrunableLayer('ForeignGated', (layer) => [(layer as unknown as GatedLinear).matrix]);
    try {
      expect(prunableWeights(m).map((w) => `${w.layerName}:${w.role}`)).toEqual(['custom:declared', 'out:kernel']);
      prune(m, globalMagnitude(), { sparsity: 0.5 });
      expect(zeros(m, 'custom')).toBeGreaterThan(50);
      const stranger = model(GatedLinear).getLayer('custom').weights[0];
      registerPrunableLayer('ForeignGated', () => [stranger as tfl.LayerVariable]);
      expect(() => prunableWeights(m)).toThrow(/which is not a weight of layer 'custom'/);
      registerPrunableLayer('ForeignGated', () => 'matrix' as never);
      expect(() => prunableWeights(m)).toThrow(/must return an array of LayerVariable, got the string 'matrix'/);
    } finally {
      unregisterPrunableLayer('ForeignGated');
    }
    expect(() => registerPrunableLayer('', () => [])).toThrow(/className must be a non-empty string/);
  });
});
