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
   * Slices each batch is cut into: their gradients are computed apart and summed in a fixed order, so the
   * trained weights depend on `shards`, never on `threads` or on what `'auto'` decides (the same bits
   * either way). An integer in [1, 64]; default `threads` (`defaultThreads()` for `'auto'`). With more
   * than one thread, slice k goes to thread k, so it must equal `threads`; with `threads: 1` the slices
   * are computed here in turn (to reproduce, on one core, a run made on several).
   */
  shards?: number;
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
  /** Slices each batch is cut into (1: tfjs' own train function, untouched). */
  readonly shards: number;
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
 * `model.fit`, `fitDataset` and `trainOnBatch` is cut into `shards` slices, computed by this thread and
 * `threads − 1` worker threads (each holding a copy of the model that receives the current weights before
 * every step) or here in turn; their gradients are summed in a fixed order (weighted by slice size) and the
 * model's own optimizer applies them here, so optimizer wrappers (penalties, masks, schedules) work
 * unchanged. The same bits whichever thread computes a slice, and the same result as one slice up to
 * float rounding, except where a layer is random in training (dropout draws differ) or keeps batch
 * statistics (batch normalization's moving averages see the first slice only).
 *
 * Node only; the model must be compiled with loss and metric names, not functions.
 */
export async function dataParallel(model: tfl.LayersModel, options: DataParallelOptions = {}): Promise<DataParallel> {
  const auto = options.threads === undefined || options.threads === 'auto';
  const requested = auto ? defaultThreads() : (options.threads as number);
  if (!Number.isInteger(requested) || requested < 1 || requested > 64) {
    throw new RangeError(`dataParallel: threads must be an integer in [1, 64] or 'auto', got ${options.threads}`);
  }
  // Native TensorFlow (tfjs-node) already runs each kernel on every core: 'auto' keeps one thread, one slice.
  const native = auto && tf.getBackend() === 'tensorflow';
  const shards = options.shards ?? (native ? 1 : requested);
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
    throw new RangeError(`dataParallel: shards must be an integer in [1, 64], got ${options.shards}`);
  }
  const threads = native || requested === 1 || shards === 1 ? 1 : auto ? shards : requested;
  if (threads > 1 && shards !== threads) {
    throw new RangeError(
      `dataParallel: shards (${shards}) must equal threads (${threads}): slice k goes to thread k; ` +
        'or use threads: 1 to compute the slices here in turn',
    );
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
  if (shards === 1) return { threads: 1, shards, decision: 'single', parallelSteps: 0, dispose: async () => {} };

  // Only workers need the compile arguments (by name); one thread computing the slices in turn does not.
  let compiled = threads > 1 ? compileConfig(model) : undefined;
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
    compile: compiled as CompileConfig,
    weights,
    weightSlots,
    gradientSlots,
    scalarsOffset: gradientBytes,
  });

  let helpers: Helper[] = [];
  let uninstall = () => {};
  const stopHelpers = async () => {
    const stopping = helpers;
    helpers = [];
    await Promise.all(stopping.map((h) => h.worker.terminate()));
  };
  const dispose = async () => {
    uninstall();
    await stopHelpers();
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

  // Only 'auto' with workers has a choice to make; one thread computes the slices in turn.
  const calibration = auto && threads > 1 ? new Calibration() : undefined;
  const step = (data: tf.Tensor[]): tf.Scalar[] => {
    const n = data[0].shape[0];
    const parts = Math.min(shards, Math.floor(n / minSamples));
    const trainer = trainingModel(model);
    const original = Object.getPrototypeOf(trainer).makeTrainFunction as CompiledTrain;
    if (parts < 2) return original.call(trainer)(data);
    const way = helpers.length === 0 ? 'single' : (calibration?.next() ?? 'parallel');
    const started = performance.now();
    const result = slicedStep(data, parts, way);
    if (calibration?.decision === 'calibrating') {
      // Kernel timings need the values: wait for them (only while calibrating).
      result[0].dataSync();
      if (calibration.record(way, performance.now() - started) === 'single') void stopHelpers();
    }
    return result;
  };
  let parallelSteps = 0;
  /** One slice's loss, metrics and gradients, computed here or read from the worker that computed it. */
  type Slice = { scalars: tf.Scalar[]; gradients: tf.Tensor[] };
  const slicedStep = (data: tf.Tensor[], parts: number, way: Way): tf.Scalar[] => {
    if (way === 'parallel') parallelSteps++;
    const n = data[0].shape[0];
    if (internals(model).metricsTensors.length + 1 > MAX_SCALARS) {
      throw new RangeError(
        `dataParallel: at most ${MAX_SCALARS - 1} metrics, got ${internals(model).metricsTensors.length}`,
      );
    }
    return tf.tidy(() => {
      const variables = trainable();
      checkUnchanged(variables);
      // Slice k of n/parts samples (the first, and any remainder, is slice 0).
      const size = Math.floor(n / parts);
      const sizes = Array.from({ length: parts }, (_, k) => (k === 0 ? n - size * (parts - 1) : size));
      const starts = sizes.map((_, k) => (k === 0 ? 0 : sizes[0] + (k - 1) * size));
      // Sample weights are null where not given: they stay null.
      const sliceOf = (k: number) => data.map((t) => (t == null ? t : tf.slice(t, starts[k], sizes[k])));
      const computed = (k: number): Slice => {
        const { loss, metrics, gradients } = batchGradients(model, sliceOf(k));
        return { scalars: [loss, ...metrics], gradients };
      };
      const slices: Slice[] = new Array(parts);
      if (way === 'parallel') {
        const answering = helpers.slice(0, parts - 1);
        postSlices(data, sliceOf, answering);
        slices[0] = computed(0);
        answering.forEach((helper, k) => {
          waitFor(helper);
          const values = new Float32Array(helper.results, gradientBytes, slices[0].scalars.length);
          slices[k + 1] = {
            gradients: gradientSlots.map((slot) => readSlot(helper.results, slot)),
            scalars: Array.from(values, (v) => tf.scalar(v)),
          };
        });
      } else {
        // As on a worker, the other slices must not move this model's statistics (batch normalization's
        // moving averages): they are put back before slice 0.
        const statistics = model.nonTrainableWeights;
        const before = statistics.map((w) => tf.clone(w.read()));
        for (let k = 1; k < parts; k++) slices[k] = computed(k);
        statistics.forEach((w, i) => {
          w.write(before[i]);
        });
        slices[0] = computed(0);
      }
      // The batch's mean loss is the slices' means weighted by their sizes; so are the gradients.
      const share = sizes.map((s) => s / n);
      const weighted = (pick: (slice: Slice) => tf.Tensor[]) =>
        pick(slices[0]).map((_, i) =>
          slices.reduce<tf.Tensor>(
            (sum, slice, k) => (k === 0 ? sum : tf.add(sum, tf.mul(pick(slice)[i], share[k]))),
            tf.mul(pick(slices[0])[i], share[0]),
          ),
        );
      const gradients = weighted((slice) => slice.gradients);
      internals(model).optimizer_.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: gradients[i] })));
      const scalars = weighted((slice) => slice.scalars) as tf.Scalar[];
      // batchLoss keeps the metrics out of its tidy: they are disposed here.
      tf.dispose(slices.flatMap((slice) => slice.scalars));
      return scalars;
    });
  };
  /** Sends slices 1… to the workers (the weights first), which start computing at once. */
  const postSlices = (data: tf.Tensor[], sliceOf: (k: number) => tf.Tensor[], answering: Helper[]): void => {
    weightsOf().forEach((w, i) => {
      writeSlot(weights, weightSlots[i], w.read());
    });
    const now = compileConfig(model);
    const recompile = JSON.stringify(now) !== JSON.stringify(compiled) ? now : undefined;
    compiled = now;
    answering.forEach((helper, index) => {
      const slices = sliceOf(index + 1).filter((t) => t != null);
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
    });
  };
  uninstall = installTrainFunction(model, () => step);
  return {
    threads,
    shards,
    get decision() {
      return threads === 1 ? 'single' : (calibration?.decision ?? 'parallel');
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
