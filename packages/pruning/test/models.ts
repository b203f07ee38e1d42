import * as tfl from '@tensorflow/tfjs-layers';

export function mlp(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [20], units: 16, activation: 'relu', name: 'fc1' }),
      tfl.layers.dense({ units: 12, activation: 'relu', name: 'fc2' }),
      tfl.layers.dense({ units: 4, activation: 'softmax', name: 'out' }),
    ],
  });
}

/** LeNet-5-Caffe in miniature: conv → pool → conv(+BN) → pool → flatten → dense → dense. */
export function smallLenet(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [12, 12, 1], filters: 6, kernelSize: 3, activation: 'relu', name: 'conv1' }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, name: 'conv2' }),
      tfl.layers.batchNormalization({ name: 'bn2' }),
      tfl.layers.activation({ activation: 'relu', name: 'relu2' }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ units: 10, activation: 'relu', name: 'fc1' }),
      tfl.layers.dropout({ rate: 0.2, name: 'drop' }),
      tfl.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
    ],
  });
}
