export { artifactsOf } from '@l0prune/testing/memory-io';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export function mlp(seed = 1): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [30],
        units: 40,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        name: 'fc1',
      }),
      tfl.layers.dense({
        units: 10,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
        name: 'fc2',
      }),
    ],
  });
}

/** Zeroes all but a `density` fraction of each kernel (deterministically). */
export function sparsify(model: tfl.LayersModel, density: number): void {
  for (const layer of model.layers) {
    const [k, b] = layer.getWeights();
    const v = k.dataSync().slice();
    for (let i = 0; i < v.length; i++) if (((i * 2654435761) >>> 0) % 1000 >= density * 1000) v[i] = 0;
    layer.setWeights([tf.tensor(v, k.shape), tf.add(b, 0.1)]);
  }
}

export function weightBytes(a: tf.io.ModelArtifacts): Uint8Array {
  const d = a.weightData!;
  return new Uint8Array(Array.isArray(d) ? tf.io.CompositeArrayBuffer.join(d) : d);
}
