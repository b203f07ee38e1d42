// The training step the speed benchmarks time: the main job's (ℓ2–ℓ0 NORM around momentum SGD),
// on synthetic MNIST-shaped data.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { l2l0Optimizer } from '@l0prune/optimizer';

/** `model` compiled as the main job trains it: l2l0Optimizer(momentum 0.05, 0.9), α₂ 5·10⁻⁵, α₀ 10⁻³, β 5, NORM. */
export function compileForTraining(model: tfl.LayersModel): tfl.LayersModel {
  const optimizer = l2l0Optimizer(tf.train.momentum(0.05, 0.9), {
    model,
    alphaL2: 5e-5,
    alphaL0: 1e-3,
    beta: 5,
    normalize: 'layer-size',
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  return model;
}

/** `samples` random inputs of the model's input shape and one-hot labels cycling 0–9. */
export function syntheticData(model: tfl.LayersModel, samples: number): { x: tf.Tensor; y: tf.Tensor } {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const x = tf.randomUniform([samples, ...inputShape], 0, 1, 'float32', 1);
  const labels = tf.tensor1d(
    Array.from({ length: samples }, (_, i) => i % 10),
    'int32',
  );
  const y = tf.oneHot(labels, 10);
  labels.dispose();
  return { x, y };
}
