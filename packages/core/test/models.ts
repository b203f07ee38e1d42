import * as tfl from '@tensorflow/tfjs-layers';

/** A small Dense + Conv network that has every kind of weight φ must tell apart. */
export function convNet(): tfl.LayersModel {
  const model = tfl.sequential({ name: 'convnet' });
  model.add(tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, name: 'conv' }));
  model.add(tfl.layers.batchNormalization({ name: 'bn' }));
  model.add(tfl.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }));
  model.add(tfl.layers.separableConv2d({ filters: 3, kernelSize: 2, name: 'sep' }));
  model.add(tfl.layers.flatten({ name: 'flat' }));
  model.add(tfl.layers.dense({ units: 5, name: 'fc' }));
  return model;
}
