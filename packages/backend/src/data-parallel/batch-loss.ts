import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** The parts of a compiled LayersModel that tfjs-layers' own train function uses (not in its typings). */
export interface CompiledInternals {
  lossFunctions: Array<(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor>;
  metricsTensors: Array<[(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, number]>;
  collectedTrainableWeights: Array<{ read(): tf.Variable; name: string }>;
  calculateLosses(): tf.Scalar[];
  makeTrainFunction(): (data: tf.Tensor[]) => tf.Scalar[];
  optimizer_: tf.Optimizer;
}

/** The model that compiles and trains: a Sequential's inner functional model, else the model itself. */
export function trainingModel(model: tfl.LayersModel): tfl.LayersModel {
  const inner = (model as unknown as { model?: tfl.LayersModel }).model;
  return model.getClassName() === 'Sequential' && inner != null ? inner : model;
}

export function internals(model: tfl.LayersModel): CompiledInternals {
  return trainingModel(model) as unknown as CompiledInternals;
}

/**
 * One batch's total loss as tfjs-layers' `makeTrainFunction` computes it (training 4.22's
 * totalLossFunction): per output loss (× sample weights), their mean, plus the regularizers'
 * losses; the metrics' means are kept for the caller. `data` is inputs, targets, sample weights.
 */
export function batchLoss(model: tfl.LayersModel, data: tf.Tensor[], metrics: tf.Scalar[]): tf.Scalar {
  const m = internals(model);
  const nIn = model.inputs.length;
  const nOut = model.outputs.length;
  const inputs = data.slice(0, nIn);
  const targets = data.slice(nIn, nIn + nOut);
  const sampleWeights = data.slice(nIn + nOut, nIn + 2 * nOut);
  const predicted = model.apply(nIn === 1 ? inputs[0] : inputs, { training: true }) as tf.Tensor | tf.Tensor[];
  const outputs = Array.isArray(predicted) ? predicted : [predicted];
  const lossValues: tf.Scalar[] = [];
  let total: tf.Tensor | undefined;
  m.lossFunctions.forEach((lossFunction, i) => {
    let loss = lossFunction(targets[i], outputs[i]);
    if (sampleWeights[i] != null) loss = tf.mul(loss, sampleWeights[i]);
    lossValues.push(tf.mean(loss));
    total = total === undefined ? loss : tf.add(total, loss);
  });
  m.metricsTensors.forEach(([metric, outputIndex], i) => {
    const value =
      nOut > 1 && i < nOut ? lossValues[i] : (tf.mean(metric(targets[outputIndex], outputs[outputIndex])) as tf.Scalar);
    metrics.push(tf.keep(value));
  });
  let result = tf.mean(total as tf.Tensor) as tf.Scalar;
  for (const regularizerLoss of m.calculateLosses()) result = tf.add(result, regularizerLoss);
  return result;
}

/** The batch's loss and metrics with the gradients of every trainable weight, in `collectedTrainableWeights` order. */
export function batchGradients(
  model: tfl.LayersModel,
  data: tf.Tensor[],
): { loss: tf.Scalar; metrics: tf.Scalar[]; gradients: tf.Tensor[] } {
  const variables = internals(model).collectedTrainableWeights.map((w) => w.read());
  const metrics: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => batchLoss(model, data, metrics), variables);
  // A weight the loss does not reach gets a zero gradient, as tfjs' optimizers expect one per variable.
  return { loss: value, metrics, gradients: variables.map((v) => grads[v.name] ?? tf.zerosLike(v)) };
}
