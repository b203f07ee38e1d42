import type { TensorSlot } from './shared-tensors.js';

/** Room for the loss and the metrics after the gradients in a worker's results buffer. */
export const MAX_SCALARS = 64;
/** Bytes of a worker's error message (UTF-8). */
export const ERROR_BYTES = 8192;

/** The loss and metrics as given to `model.compile` (names only: functions cannot cross threads). */
export interface CompileConfig {
  loss: unknown;
  metrics: unknown;
}

/** What a worker starts from (its `workerData`). */
export interface WorkerStart {
  backend: string;
  /** Modules imported first, e.g. ones registering custom layers (URLs or package names). */
  setup: string[];
  modelTopology: unknown;
  compile: CompileConfig;
  /** The model's weights (all of them, `model.weights` order), written by the main thread before each step. */
  weights: SharedArrayBuffer;
  weightSlots: TensorSlot[];
  /** [steps answered, failed (1) or not (0)]: the worker adds 1 to the first and notifies when it answers. */
  control: SharedArrayBuffer;
  /** Gradients (float32, `collectedTrainableWeights` order), then the loss and the metrics. */
  results: SharedArrayBuffer;
  gradientSlots: TensorSlot[];
  /** Byte offset in `results` where the loss and the metrics start (float32 each). */
  scalarsOffset: number;
  error: SharedArrayBuffer;
}

/** One step: compute the gradients of this slice of the batch at the weights now in the buffer. */
export interface StepMessage {
  kind: 'step';
  /** A new, larger batch buffer when the old one is too small. */
  batch?: SharedArrayBuffer;
  /** Inputs, targets, sample weights (null where none). */
  slots: Array<TensorSlot | null>;
  /** Sent when the model was compiled again with another loss or metrics. */
  compile?: CompileConfig;
}

/** The worker's answer to its start: the shapes it built, to check against the main thread's model. */
export interface ReadyMessage {
  kind: 'ready';
  weightShapes: number[][];
  trainable: number;
}

export interface FailedMessage {
  kind: 'failed';
  message: string;
}
