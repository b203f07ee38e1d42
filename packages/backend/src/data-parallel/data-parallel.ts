import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { batchGradients, internals, trainingModel } from './batch-loss.js';
import { Calibration, type Way } from './calibration.js';
import {
  type CompileConfig,
  ERROR_BYTES,
  type FailedMessage,
  MAX_SCALARS,
  type ReadyMessage,
  type StepMessage,
  type WorkerStart,
} from './protocol.js';
import { layOut, readSlot, writeSlot } from './shared-tensors.js';

export interface DataParallelOptions {
  /**
   * Threads computing each batch's gradients, this one included: an integer in [1, 64], or `'auto'` (the
   * default): `defaultThreads()` if the first steps show it faster than one thread, else one (and always one
   * on the `tensorflow` backend of tfjs-node, whose kernels use every core already).
   */
  threads?: number | 'auto';
  /**
   * Modules each worker imports before rebuilding the model (URLs, paths or package names): where custom
   * layers, regularizers or initializers are registered with `tf.serialization.registerClass`.
   */
  setup?: Array<string | URL>;
  /** How long a step may wait for a worker before failing, in ms. Default 600,000. */
  timeoutMs?: number;
  /** Batches smaller than this many samples per thread train on this thread alone. Default 8. */
  minSamplesPerThread?: number;
}

export interface DataParallel {
  /** Threads available to a step (this one included). */
  readonly threads: number;
  /** Whether steps are split across the threads; with `threads: 'auto'`, 'calibrating' until the first steps decide. */
  readonly decision: Way | 'calibrating';
  /** Steps split across the threads so far. */
  readonly parallelSteps: number;
  /** Stops the workers and gives the model its own train function back. */
  dispose(): Promise<void>;
}

/** The cores Node reports; one thread each. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), 64);
}

interface Helper {
  worker: Worker;
  control: Int32Array;
  results: SharedArrayBuffer;
  error: SharedArrayBuffer;
  batch?: SharedArrayBuffer;
  /** Steps posted to it: it has answered them all when its control word reaches this. */
  posted: number;
}

function compileConfig(model: tfl.LayersModel): CompileConfig {
  const compiled = trainingModel(model);
  const config = { loss: compiled.loss, metrics: (compiled as unknown as { metrics: unknown }).metrics };
  const hasFunction = (value: unknown): boolean =>
    typeof value === 'function' ||
    (value != null && typeof value === 'object' && Object.values(value).some((v) => hasFunction(v)));
  if (hasFunction(config.loss) || hasFunction(config.metrics)) {
    throw new TypeError(
      'dataParallel: the model is compiled with a loss or metric function, which cannot be sent to worker ' +
        "threads; compile it with their names (e.g. loss: 'categoricalCrossentropy', metrics: ['accuracy']) " +
        'or train with threads: 1',
    );
  }
  return config;
}

const workerUrl = (): URL => {
  const here = import.meta.url;
  // Run from source (this package's tests): the built worker; it has a module graph of its own anyway.
  if (here.endsWith('.ts')) return new URL('../../dist/data-parallel-worker.js', here);
  // Built next to this module: the ESM worker beside the ESM build, the CommonJS one beside the CommonJS one.
  return new URL(`./data-parallel-worker.${here.endsWith('.cjs') ? 'cjs' : 'js'}`, here);
};

/**
 * Data-parallel training on this machine's cores (tfjs-wasm has no threads in Node): every batch of
 * `model.fit`, `fitDataset` and `trainOnBatch` is split between this thread and `threads − 1` worker
 * threads, each holding a copy of the model that receives the current weights before every step; their
 * gradients are averaged (weighted by slice size) and the model's own optimizer applies them here, so
 * optimizer wrappers (penalties, masks, schedules) work unchanged. Same result as one thread up to
 * float rounding, except where a layer is random in training (dropout draws differ) or keeps batch
 * statistics (batch normalization's moving averages see this thread's slice only).
 *
 * Node only; the model must be compiled with loss and metric names, not functions.
 */
export async function dataParallel(model: tfl.LayersModel, options: DataParallelOptions = {}): Promise<DataParallel> {
  const auto = options.threads === undefined || options.threads === 'auto';
  const threads = auto ? defaultThreads() : (options.threads as number);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new RangeError(`dataParallel: threads must be an integer in [1, 64] or 'auto', got ${options.threads}`);
  }
  const minSamples = options.minSamplesPerThread ?? 8;
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    throw new RangeError(`dataParallel: minSamplesPerThread must be an integer ≥ 1, got ${minSamples}`);
  }
  const timeoutMs = options.timeoutMs ?? 600_000;
  if (!(timeoutMs > 0)) throw new RangeError(`dataParallel: timeoutMs must be > 0, got ${timeoutMs}`);
  if (model.optimizer == null) {
    throw new Error('dataParallel: compile the model first (model.compile({optimizer, loss}))');
  }
  // Native TensorFlow (tfjs-node) already runs each kernel on every core.
  const single = threads === 1 || (auto && tf.getBackend() === 'tensorflow');
  if (single) return { threads: 1, decision: 'single', parallelSteps: 0, dispose: async () => {} };

  let compiled = compileConfig(model);
  const weightsOf = () =>
    model.weights.map((w) => ({ shape: w.shape as number[], dtype: w.dtype, read: () => w.read() }));
  const { slots: weightSlots, bytes: weightBytes } = layOut(
    weightsOf().map((w) => ({ shape: w.shape, dtype: w.dtype })),
  );
  const trainable = () => internals(model).collectedTrainableWeights.map((w) => w.read());
  const { slots: gradientSlots, bytes: gradientBytes } = layOut(
    trainable().map((v) => ({ shape: v.shape, dtype: 'float32' })),
  );
  const weights = new SharedArrayBuffer(weightBytes);
  const start = (): Omit<WorkerStart, 'control' | 'results' | 'error'> => ({
    backend: tf.getBackend(),
    setup: (options.setup ?? []).map(String),
    modelTopology: model.toJSON(null, false),
    compile: compiled,
    weights,
    weightSlots,
    gradientSlots,
    scalarsOffset: gradientBytes,
  });

  const helpers: Helper[] = [];
  let uninstall = () => {};
  const dispose = async () => {
    uninstall();
    await Promise.all(helpers.map((h) => h.worker.terminate()));
  };
  try {
    await Promise.all(
      Array.from({ length: threads - 1 }, async () => {
        const control = new SharedArrayBuffer(8);
        const results = new SharedArrayBuffer(gradientBytes + MAX_SCALARS * 4);
        const error = new SharedArrayBuffer(ERROR_BYTES);
        const worker = new Worker(workerUrl(), {
          workerData: { ...start(), control, results, error } satisfies WorkerStart,
        });
        helpers.push({ worker, control: new Int32Array(control), results, error, posted: 0 });
        const ready = await new Promise<ReadyMessage>((resolve, reject) => {
          worker.once('message', (m: ReadyMessage | FailedMessage) =>
            m.kind === 'ready' ? resolve(m) : reject(new Error(m.message)),
          );
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`dataParallel: a worker thread exited (code ${code})`)));
        });
        const shapes = JSON.stringify(weightsOf().map((w) => w.shape));
        if (JSON.stringify(ready.weightShapes) !== shapes || ready.trainable !== gradientSlots.length) {
          throw new Error(
            `dataParallel: the model a worker rebuilt from model.toJSON() has other weights ` +
              `(${JSON.stringify(ready.weightShapes)}) than the model (${shapes}); a custom layer's ` +
              `getConfig() probably misses an argument`,
          );
        }
        worker.unref();
      }),
    );
  } catch (e) {
    await dispose();
    throw e;
  }

  // Waits for every step posted (not only the last): a step that threw before waiting must not leave
  // its answer to be taken for the next step's.
  const waitFor = (helper: Helper): void => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(helper.control, 0);
      if (seen >= helper.posted) break;
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(helper.control, 0, seen, left) === 'timed-out') {
        throw new Error(`dataParallel: a worker thread did not answer within ${timeoutMs} ms`);
      }
    }
    if (Atomics.load(helper.control, 1) === 1) {
      const length = new Int32Array(helper.error, 0, 1)[0];
      const text = new TextDecoder().decode(new Uint8Array(helper.error, 4, length).slice());
      throw new Error(`dataParallel: a worker thread failed: ${text}`);
    }
  };
  const checkUnchanged = (variables: tf.Variable[]): void => {
    const now = weightsOf();
    if (
      now.length !== weightSlots.length ||
      variables.length !== gradientSlots.length ||
      now.some((w, i) => String(w.shape) !== String(weightSlots[i].shape))
    ) {
      throw new Error(
        'dataParallel: the model has other weights than when dataParallel() was called (layers added, or ' +
          'trainable changed); call dispose() and dataParallel(model) again',
      );
    }
  };

  const calibration = auto ? new Calibration() : undefined;
  const step = (data: tf.Tensor[]): tf.Scalar[] => {
    const n = data[0].shape[0];
    const parts = Math.min(threads, Math.floor(n / minSamples));
    const way = parts < 2 ? 'single' : (calibration?.next() ?? 'parallel');
    const started = performance.now();
    const trainer = trainingModel(model);
    const original = Object.getPrototypeOf(trainer).makeTrainFunction as CompiledTrain;
    const result = way === 'single' ? original.call(trainer)(data) : parallelStep(data, parts);
    if (parts >= 2 && calibration?.decision === 'calibrating') {
      // Kernel timings need the values: wait for them (only while calibrating).
      result[0].dataSync();
      if (calibration.record(way, performance.now() - started) === 'single') {
        void Promise.all(helpers.map((h) => h.worker.terminate()));
      }
    }
    return result;
  };
  let parallelSteps = 0;
  const parallelStep = (data: tf.Tensor[], parts: number): tf.Scalar[] => {
    parallelSteps++;
    const n = data[0].shape[0];
    if (internals(model).metricsTensors.length + 1 > MAX_SCALARS) {
      throw new RangeError(
        `dataParallel: at most ${MAX_SCALARS - 1} metrics, got ${internals(model).metricsTensors.length}`,
      );
    }
    return tf.tidy(() => {
      const variables = trainable();
      checkUnchanged(variables);
      weightsOf().forEach((w, i) => {
        writeSlot(weights, weightSlots[i], w.read());
      });
      const now = compileConfig(model);
      const recompile = JSON.stringify(now) !== JSON.stringify(compiled) ? now : undefined;
      compiled = now;
      // Slice k of n/parts samples (the first, and any remainder, stays here).
      const size = Math.floor(n / parts);
      const sizes = Array.from({ length: parts }, (_, k) => (k === 0 ? n - size * (parts - 1) : size));
      let from = sizes[0];
      for (let k = 1; k < parts; k++) {
        const helper = helpers[k - 1];
        // Sample weights are null where not given: they stay null (no slot).
        const slices = data.filter((t) => t != null).map((t) => tf.slice(t, from, sizes[k]));
        from += sizes[k];
        const { slots, bytes } = layOut(slices);
        let next = 0;
        const message: StepMessage = {
          kind: 'step',
          slots: data.map((t) => (t == null ? null : slots[next++])),
          compile: recompile,
        };
        if (!helper.batch || helper.batch.byteLength < bytes) {
          helper.batch = new SharedArrayBuffer(Math.ceil(bytes * 1.25));
          message.batch = helper.batch;
        }
        slices.forEach((t, i) => {
          writeSlot(helper.batch!, slots[i], t);
        });
        helper.worker.postMessage(message);
        helper.posted++;
      }
      const local = batchGradients(
        model,
        data.map((t) => (t == null ? t : tf.slice(t, 0, sizes[0]))),
      );
      const answering = helpers.slice(0, parts - 1);
      for (const helper of answering) waitFor(helper);
      // The batch's mean loss is the slices' means weighted by their sizes (eq. of the loss, not of l0prune).
      const share = sizes.map((s) => s / n);
      const gradients = local.gradients.map((g, i) =>
        answering.reduce(
          (sum, helper, k) => tf.add(sum, tf.mul(readSlot(helper.results, gradientSlots[i]), share[k + 1])),
          tf.mul(g, share[0]),
        ),
      );
      internals(model).optimizer_.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: gradients[i] })));
      const scalars = [local.loss, ...local.metrics].map((s, j) =>
        answering.reduce(
          (sum, helper, k) =>
            tf.add(sum, tf.scalar(new Float32Array(helper.results, gradientBytes, MAX_SCALARS)[j] * share[k + 1])),
          tf.mul(s, share[0]),
        ),
      );
      tf.dispose(local.metrics);
      return scalars as tf.Scalar[];
    });
  };
  uninstall = installTrainFunction(model, () => step);
  return {
    threads,
    get decision() {
      return calibration?.decision ?? 'parallel';
    },
    get parallelSteps() {
      return parallelSteps;
    },
    dispose,
  };
}

type CompiledTrain = (this: tfl.LayersModel) => (data: tf.Tensor[]) => tf.Scalar[];

/**
 * Makes `makeTrainFunction` return ours on the model that trains: the model itself, or a Sequential's
 * inner model — which Sequential.compile may build anew, so the inner model is watched (an accessor on
 * `model`) and each new one gets it too. Returns the undo.
 */
function installTrainFunction(model: tfl.LayersModel, make: () => (data: tf.Tensor[]) => tf.Scalar[]): () => void {
  const patch = (target: object | undefined) => {
    if (target) Object.defineProperty(target, 'makeTrainFunction', { value: make, configurable: true, writable: true });
  };
  const unpatch = (target: object | undefined) => {
    if (target) delete (target as { makeTrainFunction?: unknown }).makeTrainFunction;
  };
  if (model.getClassName() !== 'Sequential') {
    patch(model);
    return () => unpatch(model);
  }
  const holder = model as unknown as { model?: tfl.LayersModel };
  let inner = holder.model;
  Object.defineProperty(holder, 'model', {
    configurable: true,
    enumerable: true,
    get: () => inner,
    set: (next: tfl.LayersModel) => {
      unpatch(inner);
      inner = next;
      patch(inner);
    },
  });
  patch(inner);
  return () => {
    unpatch(inner);
    Object.defineProperty(holder, 'model', { value: inner, configurable: true, enumerable: true, writable: true });
  };
}
