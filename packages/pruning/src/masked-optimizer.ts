import { OptimizerWrapper, innerFromConfig, quoteNames, variableNamed, type GradientList } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import { checkMasks, maskTensor, maskedValue, type Masks } from './masks.js';

/**
 * Holds pruned weights at exactly zero while any optimizer trains the rest (fine-tuning, FT):
 * the gradients of pruned weights are masked before the inner step (so Momentum/Adam slots stay
 * zero there) and the weights are re-masked after it (so no state, decay or decoupled penalty
 * can revive them). Works with fit, fitDataset and trainOnBatch; composes with l2l0Optimizer.
 * Layer constraints cannot do this: tfjs never applies them during fit.
 */
export interface MaskedOptimizerOptions {
  /**
   * Allow trained kernels (or other prunable weights) that have no mask while others do, e.g.
   * layers left out of pruning on purpose with `excludeLayers`. Default false: such a gap is
   * refused at the first step, since it usually means masks built for another model.
   */
  allowUnmasked?: boolean;
}

/** The last segment of a tfjs variable name, without the `_N` tfjs adds to repeated names. */
const PRUNABLE_LEAF = /\/(kernel|depthwise_kernel|pointwise_kernel|embeddings|recurrent_kernel)(_\d+)?$/;

export class MaskedOptimizer extends OptimizerWrapper {
  static readonly className = 'MaskedOptimizer';
  readonly allowUnmasked: boolean;
  private masks = new Map<string, tf.Tensor>();
  /** The gradient names last checked against the masks (checked again when they change). */
  private checkedNames?: string;
  /** Positions in the gradient list of masked variables, for a restored optimizer. */
  private restoredPositions?: number[];
  /** Variable order of the last step, to save mask positions. */
  private lastOrder?: string[];

  constructor(inner: tf.Optimizer, masks: Masks = new Map(), options: MaskedOptimizerOptions = {}) {
    super(inner);
    const unknown = Object.keys(options ?? {}).filter((k) => k !== 'allowUnmasked');
    if (unknown.length > 0)
      throw new RangeError(`maskedOptimizer: unknown option(s) ${unknown.join(', ')}; valid: allowUnmasked`);
    this.allowUnmasked = options?.allowUnmasked === true;
    this.setMasks(masks);
  }

  /** Replaces the masks (e.g. at a step of a gradual pruning schedule). */
  setMasks(masks: Masks): void {
    const variables = new Map(Object.entries(tf.engine().registeredVariables));
    checkMasks(masks, variables, 'maskedOptimizer');
    this.disposeMasks();
    for (const [name, mask] of masks) this.masks.set(name, tf.keep(maskTensor(mask)));
    this.checkedNames = undefined;
  }

  /** Names of the variables held by masks. */
  get maskedVariables(): string[] {
    return [...this.masks.keys()];
  }

  protected override transformGradients(gradients: GradientList): GradientList {
    this.restoreFromZeros(gradients);
    this.checkCoverage(gradients);
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

  /**
   * Masks that miss the variables being trained would silently let pruned weights grow back
   * (masks of a model that was since saved and reloaded, or copied with setWeights: new
   * variables, new names). Checked at the first step and whenever the trained set changes.
   */
  private checkCoverage(gradients: GradientList): void {
    if (this.masks.size === 0) return;
    const names = gradients.map((g) => g.name);
    const key = names.join('\n');
    if (key === this.checkedNames) return;
    const trained = new Set(names);
    // Masks of weights this step does not train are harmless when others match (a frozen layer:
    // tfjs gives no handle to tell frozen from foreign, so the test is that none match at all).
    const matching = [...this.masks.keys()].filter((n) => trained.has(n));
    if (matching.length === 0) {
      const stray = [...this.masks.keys()];
      throw new Error(
        `maskedOptimizer: the ${stray.length} mask(s) (${quoteNames(stray)}) name no variable being trained, so the ` +
          `pruned weights of this model would grow back. Masks are keyed by variable name and a reloaded or copied ` +
          `model has new variables: build them from the model being trained, maskedOptimizer(inner, ` +
          `nonzeroMasks(model)), and compile that model with it`,
      );
    }
    const unmasked = names.filter((n) => !this.masks.has(n) && PRUNABLE_LEAF.test(n));
    if (unmasked.length > 0 && !this.allowUnmasked) {
      throw new Error(
        `maskedOptimizer: prunable weight(s) ${quoteNames(unmasked)} are trained without a mask while others have ` +
          `one: use masks of the model being trained (nonzeroMasks(model) or prune(model, …).masks), or pass { ` +
          `allowUnmasked: true } if those layers are left unpruned on purpose`,
      );
    }
    this.checkedNames = key;
  }

  /** A restored optimizer rebuilds its masks from the zeros of the variables it held. */
  private restoreFromZeros(gradients: GradientList): void {
    if (!this.restoredPositions) return;
    const positions = this.restoredPositions;
    this.restoredPositions = undefined;
    for (const i of positions) {
      if (i >= gradients.length)
        throw new Error(`maskedOptimizer: restored for ${i + 1}+ variables but trains ${gradients.length}`);
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
    const positions =
      this.lastOrder?.flatMap((name, i) => (this.masks.has(name) ? [i] : [])) ?? this.restoredPositions ?? [];
    return { ...this.innerConfig(), maskedPositions: positions, allowUnmasked: this.allowUnmasked };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const optimizer = new (cls as unknown as typeof MaskedOptimizer)(
      innerFromConfig(config, 'MaskedOptimizer'),
      new Map(),
      {
        allowUnmasked: config.allowUnmasked === true,
      },
    );
    optimizer.restoredPositions = (config.maskedPositions as number[] | undefined) ?? [];
    return optimizer as unknown as T;
  }
}
tf.serialization.registerClass(MaskedOptimizer);

/** `inner` with pruned weights held at zero: `maskedOptimizer(tf.train.adam(1e-3), prune(model, gp, t).masks)`. */
export function maskedOptimizer(
  inner: tf.Optimizer,
  masks: Masks = new Map(),
  options: MaskedOptimizerOptions = {},
): MaskedOptimizer {
  return new MaskedOptimizer(inner, masks, options);
}
