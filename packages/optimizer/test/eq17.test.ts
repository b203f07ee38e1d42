import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { l2l0Optimizer } from '../src/index.js';

function mlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [5], units: 7, activation: 'relu', name: 'h' }),
      tfl.layers.dense({ units: 3, name: 'out', biasInitializer: 'randomNormal' }),
    ],
  });
}

/** The same network as a pure function of its weights, for an independent gradient. */
function loss(ws: tf.Tensor[], x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const [w1, b1, w2, b2] = ws;
  const out = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
  return tf.mean(tf.square(tf.sub(out, y)));
}

describe('l2l0Optimizer around SGD follows eq. 17 exactly', () => {
  it.each([
    ['folded into the SGD gradient', false],
    ['decoupled after the SGD step (learningRate given)', true],
  ])(
    'matches w − 2ηα₂w − ηα₀β·sign(w)e^{−β|w|} − η∂J/∂w step by step, biases unpenalized: %s',
    async (_how, decoupled) => {
      const eta = 0.05;
      const [a2, a0, beta] = [0.05, 0.02, 5];
      const model = mlp();
      const learningRate = decoupled ? { learningRate: eta } : {};
      model.compile({
        optimizer: l2l0Optimizer(tf.train.sgd(eta), { model, alphaL2: a2, alphaL0: a0, beta, ...learningRate }),
        loss: 'meanSquaredError',
      });
      const x = tf.randomNormal([16, 5], 0, 1, 'float32', 1);
      const y = tf.randomNormal([16, 3], 0, 1, 'float32', 2);
      for (let step = 0; step < 3; step++) {
        const before = model.getWeights().map((w) => w.clone());
        const grads = tf.grads((...ws: tf.Tensor[]) => loss(ws, x, y))(before);
        const expected = before.map((w, i) =>
          tf.tidy(() => {
            const sgd = tf.sub(w, tf.mul(eta, grads[i]));
            if (i % 2 === 1) return sgd; // biases: plain gradient step
            const l2 = tf.mul(2 * eta * a2, w);
            const l0 = tf.mul(eta * a0 * beta, tf.mul(tf.sign(w), tf.exp(tf.mul(-beta, tf.abs(w)))));
            return tf.sub(tf.sub(sgd, l2), l0);
          }),
        );
        await model.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0, shuffle: false });
        model.getWeights().forEach((w, i) => {
          const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(w, expected[i]))).dataSync()[0]);
          expect(diff).toBeLessThan(1e-6);
        });
        tf.dispose([...before, ...grads, ...expected]);
      }
      tf.dispose([x, y]);
    },
  );
});
