// A data-parallel worker thread: rebuilds the model from its topology, then for each step copies the
// main thread's weights in, computes the gradients of its slice of the batch, and writes them back.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, chooseBackend } from '../use-fastest-backend.js';
import { batchGradients, internals } from './batch-loss.js';
import { type CompileConfig, ERROR_BYTES, type StepMessage, type WorkerStart } from './protocol.js';
import { readSlot, writeSlot } from './shared-tensors.js';

const start = workerData as WorkerStart;
const control = new Int32Array(start.control);
const scalars = new Float32Array(start.results, start.scalarsOffset);

function compile(model: tfl.LayersModel, config: CompileConfig): void {
  model.compile({ optimizer: tf.train.sgd(0), ...(config as Pick<tfl.ModelCompileArgs, 'loss' | 'metrics'>) });
}

function answer(failure?: unknown): void {
  if (failure !== undefined) {
    const text = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
    const bytes = new TextEncoder().encode(text).subarray(0, ERROR_BYTES - 4);
    new Uint8Array(start.error).set(bytes, 4);
    new Int32Array(start.error, 0, 1)[0] = bytes.length;
    Atomics.store(control, 1, 1);
  }
  Atomics.add(control, 0, 1);
  Atomics.notify(control, 0);
}

async function main(): Promise<void> {
  for (const module of start.setup) await import(module);
  await chooseBackend({ backend: start.backend as BackendName, log: () => {} });
  let model: tfl.LayersModel;
  try {
    model = await tfl.models.modelFromJSON(start.modelTopology as Parameters<typeof tfl.models.modelFromJSON>[0]);
  } catch (e) {
    throw new Error(
      `dataParallel: a worker thread could not rebuild the model (${(e as Error).message}). Custom layers, ` +
        `regularizers or initializers must be registered (tf.serialization.registerClass) in a module passed ` +
        `as options.setup, which each worker imports first.`,
    );
  }
  compile(model, start.compile);
  let batch: SharedArrayBuffer | undefined;
  parentPort!.on('message', (message: StepMessage) => {
    try {
      if (message.batch) batch = message.batch;
      if (message.compile) compile(model, message.compile);
      tf.tidy(() => {
        model.weights.forEach((w, i) => {
          (w as unknown as { read(): tf.Variable }).read().assign(readSlot(start.weights, start.weightSlots[i]));
        });
        const data = message.slots.map((slot) =>
          slot == null ? (null as unknown as tf.Tensor) : readSlot(batch!, slot),
        );
        const { loss, metrics, gradients } = batchGradients(model, data);
        gradients.forEach((g, i) => {
          writeSlot(start.results, start.gradientSlots[i], g);
        });
        [loss, ...metrics].forEach((s, i) => {
          scalars[i] = s.dataSync()[0];
        });
        tf.dispose([loss, ...metrics, ...gradients]);
      });
      answer();
    } catch (e) {
      answer(e);
    }
  });
  parentPort!.postMessage({
    kind: 'ready',
    weightShapes: model.weights.map((w) => w.shape),
    trainable: internals(model).collectedTrainableWeights.length,
  });
}

main().catch((e) => parentPort!.postMessage({ kind: 'failed', message: (e as Error).message }));
