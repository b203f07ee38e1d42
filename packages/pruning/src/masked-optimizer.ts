import { OptimizerWrapper, innerFromConfig, variableNamed, type GradientList } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import { maskTensor, maskedValue, type Masks } from './masks.js';

/**
 * Holds pruned weights at exactly zero while any optimizer trains the rest (fine-tuning, FT):
 * the gradients of pruned weights are masked before the inner step (so Momentum/Adam slots stay
 * zero there) and the weights are re-masked after it (so no state, decay or decoupled penalty
 * can revive them). Works with fit, fitDataset and trainOnBatch; composes with l2l0Optimizer.
 * Layer constraints cannot do this: tfjs never applies them during fit.
 */
export class MaskedOptimizer extends OptimizerWrapper {
  static readonly className = 'MaskedOptimizer';
  private masks = new Map<string, tf.Tensor>();
  /** Positions in the gradient list of masked variables, for a restored optimizer. */
  private restoredPositions?: number[];
  /** Variable order of the last step, to save mask positions. */
  private lastOrder?: string[];

  constructor(inner: tf.Optimizer, masks: Masks = new Map()) {
    super(inner);
    this.setMasks(masks);
  }

  /** Replaces the masks (e.g. at a step of a gradual pruning schedule). */
  setMasks(masks: Masks): void {
    if (!(masks instanceof Map)) throw new TypeError('maskedOptimizer: masks must be a Map of variable name → { shape, values } (as prune() returns)');
    for (const [name, mask] of masks) {
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) throw new Error(`maskedOptimizer: mask '${name}' names no tf.Variable`);
      if (variable.shape.join('x') !== mask.shape.join('x') || variable.size !== mask.values.length) {
        throw new Error(`maskedOptimizer: mask '${name}' has shape [${mask.shape.join(', ')}] but the weight has shape [${variable.shape.join(', ')}]`);
      }
    }
    this.disposeMasks();
    for (const [name, mask] of masks) this.masks.set(name, tf.keep(maskTensor(mask)));
  }

  /** Names of the variables held by masks. */
  get maskedVariables(): string[] {
    return [...this.masks.keys()];
  }

  protected override transformGradients(gradients: GradientList): GradientList {
    this.restoreFromZeros(gradients);
    this.lastOrder = gradients.map((g) => g.name);
    return gradients.map(({ name, tensor }) => {
      const mask = this.masks.get(name);
      return { name, tensor: mask ? tf.mul(tensor, mask) : tensor };
    });
  }

  protected override afterStep(gradients: GradientList): void {
    for (const { name } of gradients) {
      const mask = this.masks.get(name);
      if (!mask) continue;
      const variable = variableNamed(name);
      tf.tidy(() => variable.assign(maskedValue(variable, mask)));
    }
  }

  /** A restored optimizer rebuilds its masks from the zeros of the variables it held. */
  private restoreFromZeros(gradients: GradientList): void {
    if (!this.restoredPositions) return;
    const positions = this.restoredPositions;
    this.restoredPositions = undefined;
    for (const i of positions) {
      if (i >= gradients.length) throw new Error(`maskedOptimizer: restored for ${i + 1}+ variables but trains ${gradients.length}`);
      const variable = variableNamed(gradients[i].name);
      this.masks.set(variable.name, tf.keep(tf.tidy(() => tf.cast(tf.notEqual(variable, 0), 'float32'))));
    }
  }

  private disposeMasks(): void {
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
  }

  override dispose(): void {
    this.disposeMasks();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    // Masks are not stored (they are as large as the weights): the positions of the masked
    // variables are, and a restored optimizer holds their zeros from its first step on.
    const positions = this.lastOrder?.flatMap((name, i) => (this.masks.has(name) ? [i] : [])) ?? this.restoredPositions ?? [];
    return { ...this.innerConfig(), maskedPositions: positions };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const optimizer = new (cls as unknown as typeof MaskedOptimizer)(innerFromConfig(config, 'MaskedOptimizer'));
    optimizer.restoredPositions = (config.maskedPositions as number[] | undefined) ?? [];
    return optimizer as unknown as T;
  }
}
tf.serialization.registerClass(MaskedOptimizer);

/** `inner` with pruned weights held at zero: `maskedOptimizer(tf.train.adam(1e-3), prune(model, gp, t).masks)`. */
export function maskedOptimizer(inner: tf.Optimizer, masks: Masks = new Map()): MaskedOptimizer {
  return new MaskedOptimizer(inner, masks);
}
