import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { countParameters } from '@l0prune/core';
import { describe, expect, it } from 'vitest';
import { channelGraph, layerMacs, layerwiseMagnitude, neuronPruning, prune, shrink } from '../src/index.js';

type T = tfl.SymbolicTensor;
const conv = (
  x: T,
  filters: number,
  name: string,
  kernelSize = 1,
  strides = 1,
  activation: string | undefined = undefined,
) =>
  tfl.layers
    .conv2d({ filters, kernelSize, strides, padding: 'same', name, activation: activation as 'relu' | undefined })
    .apply(x) as T;
const bn = (x: T, name: string) => tfl.layers.batchNormalization({ name }).apply(x) as T;
const relu = (x: T, name: string) => tfl.layers.reLU({ name }).apply(x) as T;
const relu6 = (x: T, name: string) => tfl.layers.reLU({ maxValue: 6, name }).apply(x) as T;
const head = (x: T, classes = 3) => {
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as T;
  return tfl.layers.dense({ units: classes, activation: 'softmax', name: 'logits' }).apply(gap) as T;
};

/** MobileNetV2-style: stem, inverted residuals (expand 1×1, depthwise 3×3, BN, ReLU6, project, Add). */
export function mobilenetV2ish(size = 16): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  let x = relu6(bn(conv(input, 16, 'stem', 3, 2), 'stem_bn'), 'stem_relu');
  const block = (x: T, i: number, out: number, stride: number, expand = 4) => {
    const cin = x.shape[3] as number;
    let h = relu6(bn(conv(x, cin * expand, `b${i}_expand`), `b${i}_expand_bn`), `b${i}_expand_relu`);
    h = tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', name: `b${i}_dw` }).apply(h) as T;
    h = relu6(bn(h, `b${i}_dw_bn`), `b${i}_dw_relu`);
    h = bn(conv(h, out, `b${i}_project`), `b${i}_project_bn`);
    return stride === 1 && cin === out ? (tfl.layers.add({ name: `b${i}_add` }).apply([x, h]) as T) : h;
  };
  x = block(x, 1, 16, 1);
  x = block(x, 2, 24, 2);
  x = block(x, 3, 24, 1);
  x = relu6(bn(conv(x, 64, 'top'), 'top_bn'), 'top_relu');
  return tfl.model({ inputs: input, outputs: head(x) });
}

/** ResNet basic blocks, the second with a strided 1×1 shortcut conv. */
export function resnetish(): tfl.LayersModel {
  const input = tfl.input({ shape: [12, 12, 3] });
  let x = relu(bn(conv(input, 8, 'stem', 3), 'stem_bn'), 'stem_relu');
  const block = (x: T, i: number, filters: number, stride: number) => {
    let h = relu(bn(conv(x, filters, `r${i}_a`, 3, stride), `r${i}_a_bn`), `r${i}_a_relu`);
    h = bn(conv(h, filters, `r${i}_b`, 3), `r${i}_b_bn`);
    const shortcut =
      stride === 1 && x.shape[3] === filters ? x : bn(conv(x, filters, `r${i}_short`, 1, stride), `r${i}_short_bn`);
    return relu(tfl.layers.add({ name: `r${i}_add` }).apply([h, shortcut]) as T, `r${i}_out`);
  };
  x = block(x, 1, 8, 1);
  x = block(x, 2, 16, 2);
  return tfl.model({ inputs: input, outputs: head(x) });
}

/** Inception-style: parallel 1×1, 3×3 and pooled branches concatenated, then a conv reading the concat. */
export function inceptionish(): tfl.LayersModel {
  const input = tfl.input({ shape: [10, 10, 3] });
  const stem = conv(input, 8, 'stem', 3, 1, 'relu');
  const a = conv(stem, 6, 'branch_1x1', 1, 1, 'relu');
  const b = conv(conv(stem, 4, 'branch_3x3_reduce', 1, 1, 'relu'), 8, 'branch_3x3', 3, 1, 'relu');
  const pooled = tfl.layers
    .maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'branch_pool' })
    .apply(stem) as T;
  const c = conv(pooled, 5, 'branch_pool_proj', 1, 1, 'relu');
  const cat = tfl.layers.concatenate({ name: 'mixed' }).apply([a, b, c]) as T;
  const after = relu(bn(conv(cat, 12, 'after', 3), 'after_bn'), 'after_relu');
  const flat = tfl.layers
    .flatten({ name: 'flat' })
    .apply(tfl.layers.maxPooling2d({ poolSize: 5, name: 'pool' }).apply(after)) as T;
  const out = tfl.layers
    .dense({ units: 3, activation: 'softmax', name: 'out' })
    .apply(tfl.layers.dense({ units: 10, activation: 'relu', name: 'fc' }).apply(flat)) as T;
  return tfl.model({ inputs: input, outputs: out });
}

/** A model nested inside another: a Sequential feature extractor, then a head. */
export function nested(): tfl.LayersModel {
  const features = tfl.sequential({
    name: 'features',
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 6, kernelSize: 3, activation: 'relu', name: 'f_conv1' }),
      tfl.layers.separableConv2d({ filters: 10, kernelSize: 3, depthMultiplier: 2, activation: 'relu', name: 'f_sep' }),
      tfl.layers.batchNormalization({ name: 'f_bn' }),
    ],
  });
  const input = tfl.input({ shape: [8, 8, 2] });
  const f = features.apply(input) as T;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(f) as T;
  const out = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'out' })
    .apply(tfl.layers.dense({ units: 7, activation: 'relu', name: 'fc' }).apply(flat)) as T;
  return tfl.model({ inputs: input, outputs: out });
}

/** A few steps of training so BN statistics and weights are not at their initial values. */
async function train(model: tfl.LayersModel): Promise<tf.Tensor> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const classes = model.outputs[0].shape[1] as number;
  const x = tf.randomNormal([8, ...shape], 0, 1, 'float32', 3);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 8 }, (_, i) => i % classes),
      'int32',
    ),
    classes,
  );
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
  tf.dispose(y);
  // A diverged run would make the comparisons below meaningless, not wrong: say so instead.
  const finite = tf.tidy(() => tf.all(tf.isFinite(model.predict(x) as tf.Tensor)).dataSync()[0]);
  if (!finite) throw new Error('training diverged (NaN) before the test began');
  return x;
}

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const totalMacs = (m: tfl.LayersModel) =>
  m.layers
    .flatMap((l) => (l as unknown as { layers?: tfl.layers.Layer[] }).layers ?? [l])
    .reduce((s, l) => s + (layerMacs(l) ?? 0), 0);

describe('NP + shrink on real architectures (channel-dependency graph)', () => {
  it.each([
    ['MobileNetV2-style inverted residuals', mobilenetV2ish, 0.3, false],
    ['MobileNetV2-style, residual channels too', mobilenetV2ish, 0.4, true],
    ['ResNet basic blocks with a strided shortcut conv', resnetish, 0.3, true],
    ['Inception-style Concatenate', inceptionish, 0.3, false],
    ['a nested model with a separable conv', nested, 0.3, false],
  ])(
    '%s: NP at a FLOP target, shrink, same predictions, parameter and MAC counts as reported',
    async (_name, build, target, residual) => {
      const model = build();
      const x = await train(model);
      const { report } = prune(model, neuronPruning({ flopReduction: target, pruneResidualChannels: residual }));
      expect(1 - report.macs / report.macsBefore).toBeGreaterThanOrEqual(target);
      expect(report.groups!.some((g) => g.removed > 0)).toBe(true);
      const before = tf.memory().numTensors;
      const { model: small } = await shrink(model);
      expect(tf.memory().numTensors - before).toBe(small.weights.length); // nothing leaked
      expect(maxDiff(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor)).toBeLessThan(1e-4);
      expect(countParameters(small).total).toBeLessThan(countParameters(model).total);
      expect(countParameters(small).nonzero).toBe(report.nonzero);
      expect(totalMacs(small)).toBe(report.macs);
      // Layer names are kept.
      expect(small.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    },
  );

  it('residual streams are left alone by default and named in the report', () => {
    const model = resnetish();
    const { report } = prune(model, neuronPruning({ fraction: 0.5 }));
    const stream = report.groups!.find((g) => g.producers.includes('r2_b'))!;
    expect(stream.residual).toBe(true);
    expect(stream.skipped).toMatch(/residual stream.*pruneResidualChannels/);
    expect(stream.producers).toEqual(expect.arrayContaining(['r2_b', 'r2_short']));
    expect(report.groups!.find((g) => g.producers.includes('r1_a'))!.removed).toBe(4);
  });

  it('the graph ties depthwise channels to the expand conv, and concat offsets to each branch', () => {
    const graph = channelGraph(mobilenetV2ish());
    const expand = graph.groups.find((g) => g.producers.some((p) => p.name === 'b2_expand'))!;
    expect(expand.reason).toBeUndefined();
    expect(expand.batchNorms.map((l) => l.name)).toEqual(['b2_expand_bn', 'b2_dw_bn']);
    const inception = channelGraph(inceptionish());
    for (const name of ['branch_1x1', 'branch_3x3', 'branch_pool_proj']) {
      expect(inception.groups.find((g) => g.producers.some((p) => p.name === name))!.reason).toBeUndefined();
    }
  });

  it('NP+GP then shrink keeps the unstructured zeros; layers it does not understand are left whole, named', async () => {
    const model = mobilenetV2ish();
    const x = await train(model);
    prune(model, neuronPruning({ fraction: 0.25 }));
    prune(model, layerwiseMagnitude(), { compressionRatio: 3 });
    const { model: small } = await shrink(model);
    expect(maxDiff(model.predict(x) as tf.Tensor, small.predict(x) as tf.Tensor)).toBeLessThan(1e-4);
    expect(countParameters(small).nonzero).toBe(countParameters(model).nonzero);

    const rep = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, name: 'd' }),
        tfl.layers.repeatVector({ n: 2, name: 'rep' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    const result = await shrink(rep);
    expect(result.removedUnits).toEqual({});
    expect(result.ineligible.d).toMatch(/'rep' \(RepeatVector\) is not understood/);
  });
});

describe('a shrunk model is an ordinary tfjs model', () => {
  it('saves and loads with tfjs and with sparse://, predicting the same', async () => {
    const { roundTrip } = await import('@l0prune/testing/memory-io');
    await import('@l0prune/sparse-io');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const model = mobilenetV2ish();
    const x = await train(model);
    prune(model, neuronPruning({ flopReduction: 0.3 }));
    const { model: small } = await shrink(model);
    const expected = small.predict(x) as tf.Tensor;
    const viaTfjs = await roundTrip(small);
    expect(maxDiff(viaTfjs.predict(x) as tf.Tensor, expected)).toBe(0);
    const dir = join(mkdtempSync(join(tmpdir(), 'shrunk-')), 'model');
    await small.save(`sparse://${dir}`);
    const viaSparse = await tfl.loadLayersModel(`sparse://${dir}`);
    expect(maxDiff(viaSparse.predict(x) as tf.Tensor, expected)).toBe(0);
  }, 90_000);
});
