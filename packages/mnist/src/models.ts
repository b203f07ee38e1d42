import * as tfl from '@tensorflow/tfjs-layers';

export interface ModelOptions {
  /** Seed of the Glorot-uniform kernel initializers, for reproducible runs. */
  seed?: number;
}

const init = (seed: number | undefined, k: number) =>
  tfl.initializers.glorotUniform({ seed: seed === undefined ? undefined : seed + k });

/** LeNet-300-100: 784-300-100-10, ReLU, 266,610 parameters (Han et al.; Table 2 of the paper). */
export function lenet300100(options: ModelOptions = {}): tfl.Sequential {
  const { seed } = options;
  return tfl.sequential({
    name: 'lenet300100',
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1], name: 'flatten' }),
      tfl.layers.dense({ units: 300, activation: 'relu', kernelInitializer: init(seed, 1), name: 'fc1' }),
      tfl.layers.dense({ units: 100, activation: 'relu', kernelInitializer: init(seed, 2), name: 'fc2' }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed, 3), name: 'fc3' }),
    ],
  });
}

/**
 * LeNet-5-Caffe: conv 20@5×5 → maxpool 2 → conv 50@5×5 → maxpool 2 → dense 500 → dense 10,
 * 431,080 parameters (Table 3 of the paper). ReLU after the convolutions and the first dense
 * layer, as the L0 papers' implementations use.
 */
export function lenet5Caffe(options: ModelOptions = {}): tfl.Sequential {
  const { seed } = options;
  return tfl.sequential({
    name: 'lenet5caffe',
    layers: [
      tfl.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 20,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: init(seed, 1),
        name: 'conv1',
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({
        filters: 50,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: init(seed, 2),
        name: 'conv2',
      }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ units: 500, activation: 'relu', kernelInitializer: init(seed, 3), name: 'fc1' }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(seed, 4), name: 'fc2' }),
    ],
  });
}
