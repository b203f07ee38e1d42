import * as tf from '@tensorflow/tfjs-core';
import { disposeOptimizer } from './dispose-optimizer.js';
import { describeValue } from './describe-value.js';
import { checkNumber } from './check-number.js';

/** A tensor with the name of the variable it belongs to (tfjs-core does not export this type). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}
/** A gradient list in the order the caller gave it: the order inner optimizers key their state by. */
export type GradientList = NamedTensor[];

/** Accepts both forms tfjs passes to `applyGradients`, keeping the caller's order. */
export function toGradientList(gradients: tf.NamedTensorMap | NamedTensor[]): GradientList {
  if (Array.isArray(gradients)) return gradients;
  return Object.keys(gradients).map((name) => ({ name, tensor: gradients[name] }));
}

/** The `tf.Variable` an optimizer updates for a gradient entry, as tfjs' own optimizers find it. */
export function variableNamed(name: string): tf.Variable {
  const variable = tf.engine().registeredVariables[name];
  if (variable == null) throw new Error(`no tf.Variable named '${name}' is registered`);
  return variable;
}

export interface SerializedOptimizer {
  className: string;
  config: tf.serialization.ConfigDict;
}

export function serializeOptimizer(optimizer: tf.Optimizer): SerializedOptimizer {
  return { className: optimizer.getClassName(), config: optimizer.getConfig() };
}

/** Rebuilds an optimizer from `serializeOptimizer` output through tfjs' class registry. */
export function deserializeOptimizer(serialized: SerializedOptimizer): tf.Optimizer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[serialized.className];
  if (entry == null) {
    throw new Error(
      `cannot restore optimizer '${serialized.className}': no such class is registered ` +
        `(register custom optimizers with tf.serialization.registerClass before loading)`,
    );
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, serialized.config) as tf.Optimizer;
}

/**
 * Base for optimizers that wrap another one (as AdamW wraps Adam): the inner optimizer does
 * the gradient step, the wrapper acts before and after it. Whatever the subclass does,
 * the inner optimizer always receives a gradient list of the same length and order as the
 * caller's (Momentum/Adam keep slots by position), its iteration count and weights are the
 * wrapper's, and it is serialized inside the wrapper's config so a model saved with
 * `includeOptimizer: true` restores both.
 *
 * Subclasses override `transformGradients` (e.g. masking), `beforeStep` / `afterStep`
 * (e.g. a decoupled penalty evaluated at the pre-step weights), and `getConfig`/`fromConfig`.
 */
export abstract class OptimizerWrapper<StepState = void> extends tf.Optimizer {
  readonly inner: tf.Optimizer;

  constructor(inner: tf.Optimizer) {
    super();
    if (inner == null || typeof (inner as Partial<tf.Optimizer>).applyGradients !== 'function') {
      throw new TypeError(
        `${(new.target as unknown as { className?: string }).className ?? 'optimizer wrapper'}: ` +
          `'inner' must be a tf.Optimizer (e.g. tf.train.sgd(0.01)), got ${describeValue(inner)}`,
      );
    }
    this.inner = inner;
  }

  override get iterations(): number {
    return this.inner.iterations;
  }

  /** The inner optimizer's learning rate, so wrappers of wrappers still expose it. */
  get learningRate(): number | undefined {
    return (this.inner as unknown as { learningRate?: number }).learningRate;
  }

  /**
   * Sets the learning rate the tfjs way (`model.optimizer.learningRate = x`, e.g. from a
   * schedule callback): it reaches the innermost optimizer through every wrapper.
   */
  set learningRate(value: number | undefined) {
    setLearningRate(this.inner, value, this.getClassName());
  }

  override applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const list = toGradientList(gradients);
    const state = this.beforeStep(list);
    const transformed = this.transformGradients(list);
    checkSameOrder(list, transformed, this.getClassName());
    try {
      this.inner.applyGradients(transformed);
    } finally {
      transformed.forEach((entry, i) => {
        if (entry.tensor !== list[i].tensor) entry.tensor.dispose();
      });
    }
    this.afterStep(list, state);
  }

  /** Called with the caller's gradients before the inner step, weights still unchanged. */
  protected beforeStep(_gradients: GradientList): StepState {
    return undefined as StepState;
  }

  /**
   * The gradients handed to the inner optimizer: same length and order. New tensors it
   * creates are disposed after the step; the caller's are left to the caller.
   */
  protected transformGradients(gradients: GradientList): GradientList {
    return gradients;
  }

  /** Called after the inner step with the caller's gradients and `beforeStep`'s result. */
  protected afterStep(_gradients: GradientList, _state: StepState): void {}

  override async getWeights(): Promise<NamedTensor[]> {
    return this.inner.getWeights();
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    await this.inner.setWeights(weightValues);
  }

  override dispose(): void {
    disposeOptimizer(this.inner);
    super.dispose();
  }

  /** The inner optimizer's config, for subclasses to merge into their own `getConfig`. */
  protected innerConfig(): { inner: tf.serialization.ConfigDict } {
    return { inner: serializeOptimizer(this.inner) as unknown as tf.serialization.ConfigDict };
  }
}

/**
 * Sets an optimizer's learning rate so that its next step uses it: tfjs' SGD and Momentum keep
 * the rate in a cached scalar that only `setLearningRate` refreshes (assigning the field alone
 * changes nothing); the other tfjs optimizers read the field; wrappers forward it.
 */
export function setLearningRate(optimizer: tf.Optimizer, value: unknown, who: string): void {
  const rate = checkNumber(value, `${who}: learningRate`, { above: 0 });
  const target = optimizer as unknown as { learningRate?: unknown; setLearningRate?: (lr: number) => void };
  if (typeof target.setLearningRate === 'function') target.setLearningRate(rate);
  else if ('learningRate' in target) target.learningRate = rate;
  else throw new Error(`${who}: the inner optimizer (${optimizer.getClassName()}) has no learning rate to set`);
}

function checkSameOrder(original: GradientList, transformed: GradientList, who: string): void {
  if (transformed.length !== original.length || transformed.some((e, i) => e.name !== original[i].name)) {
    throw new Error(`${who}: transformGradients must return the same variables in the same order`);
  }
}

/** Reads the `inner` entry written by `OptimizerWrapper.innerConfig` back into an optimizer. */
export function innerFromConfig(config: tf.serialization.ConfigDict, who: string): tf.Optimizer {
  const inner = config.inner as unknown as SerializedOptimizer | undefined;
  if (inner == null || typeof inner.className !== 'string') {
    throw new Error(`${who}.fromConfig: the config has no 'inner' optimizer entry`);
  }
  return deserializeOptimizer(inner);
}
