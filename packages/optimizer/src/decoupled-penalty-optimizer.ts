import { OptimizerWrapper, innerFromConfig, variableNamed, type GradientList, type PrunableWeightsOptions } from '@l0prune/core';
import { addAttraction, alphaUpperBound, checkPositive } from '@l0prune/regularizer';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { learningRateOf } from './learning-rate.js';
import { PENALTY_PARAMETERS, createPenalty, isGated, pickParams, type Attraction, type AttractionKind, type PenaltyParams } from './penalty-spec.js';
import { SENSITIVITIES, type Sensitivity } from './relevance-decay.js';
import { resolvePenalties, type Normalization, type PenalizedWeight } from './resolve-penalties.js';

export interface DecoupledPenaltyOptions {
  /** The model whose prunable weights φ are penalized (or call `attach(model)` later). */
  model?: LayersModel;
  /** η of the zero-attraction step; defaults to the inner optimizer's learning rate, read every step. */
  learningRate?: number;
  /** NORM: `'layer-size'` scales the global α's per layer by sqrt(n_layer / n_largest). Default `'none'`. */
  normalize?: Normalization;
  /** SEP: per-layer parameter overrides by layer name, used as given. */
  layers?: Record<string, Partial<PenaltyParams>>;
  /** Which weights form φ (default: every kernel, embedding and recurrent kernel). */
  weights?: PrunableWeightsOptions;
  /** The pruning threshold you will use: warns once if an α exceeds its Table 1 bound there. */
  pruningThreshold?: number;
  /** Check the penalized weights for NaN/Infinity every this many steps (0 = never). Default 1. */
  finiteCheckInterval?: number;
  /** Relevance decay only: S = |∂J/∂w| (`gradient`, default) or |∂J/∂w| / max over the tensor (`normalized`). */
  sensitivity?: Sensitivity;
}

const COMMON_OPTIONS = ['model', 'learningRate', 'normalize', 'layers', 'weights', 'pruningThreshold', 'finiteCheckInterval'];

/** What a restored optimizer knows of φ without its model: positions in the gradient list. */
interface PositionalPhi {
  trainableCount: number;
  penalized: PenalizedWeight[];
}

/** Per variable: what to subtract after the inner step (a penalty), or what to multiply by (relevance decay). */
type PendingStep = Array<[tf.Variable, tf.Tensor, 'subtract' | 'multiply']>;

/**
 * Decoupled zero attraction around any tfjs optimizer (as AdamW decouples weight decay):
 * after the inner step, every trainable weight w of φ gets w ← w − η·∂Ω/∂w evaluated at the
 * weights *before* the step. With Ω = α₂‖w‖² + α₀Σ(1 − e^{−β|w|}) and an SGD inner optimizer
 * this is exactly eq. 17: w ← w − 2ηα₂w − ηα₀β·sign(w)e^{−β|w|} − η∂J/∂w.
 * Kind `relevance` is the gradient-gated decay of LOBSTER, w ← w − λ·w·max(0, 1 − |∂J/∂w|),
 * applied to the post-step weights as LOBSTER does (see RelevanceDecay).
 */
export class DecoupledPenaltyOptimizer extends OptimizerWrapper<PendingStep> {
  static readonly className = 'DecoupledPenaltyOptimizer';

  readonly kind: AttractionKind;
  readonly sensitivity?: Sensitivity;
  readonly globalParams: PenaltyParams;
  readonly normalize: Normalization;
  readonly layerParams: Record<string, Partial<PenaltyParams>>;
  private readonly learningRateOverride?: number;
  private readonly pruningThreshold?: number;
  private readonly finiteCheckInterval: number;
  private readonly weightsOptions?: PrunableWeightsOptions;
  private phi?: PositionalPhi;
  /** Penalty per variable name, bound on the first step (or by `attach`). */
  private byName?: Map<string, Attraction>;
  private steps = 0;
  private boundChecked = false;

  constructor(
    inner: tf.Optimizer,
    kind: AttractionKind,
    options: DecoupledPenaltyOptions & Record<string, unknown>,
    restored?: PositionalPhi,
  ) {
    super(inner);
    const who = `${kind}Optimizer`;
    if (!(kind in PENALTY_PARAMETERS)) throw new RangeError(`unknown penalty '${kind}'; valid: ${Object.keys(PENALTY_PARAMETERS).join(', ')}`);
    if (options == null || typeof options !== 'object') throw new TypeError(`${who}: options are required`);
    const known = [...PENALTY_PARAMETERS[kind], ...COMMON_OPTIONS, ...(kind === 'relevance' ? ['sensitivity'] : [])];
    const unknown = Object.keys(options).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new RangeError(`${who}: unknown option(s) ${unknown.join(', ')}; valid options are ${known.join(', ')}`);
    }
    this.kind = kind;
    this.globalParams = pickParams(kind, options, who, false);
    if (kind === 'relevance') {
      this.sensitivity = options.sensitivity ?? 'gradient';
      if (!SENSITIVITIES.includes(this.sensitivity)) {
        throw new RangeError(`${who}: sensitivity must be one of ${SENSITIVITIES.join(', ')}, got ${String(options.sensitivity)}`);
      }
    }
    createPenalty(kind, this.globalParams, this.sensitivity);
    this.normalize = options.normalize ?? 'none';
    if (this.normalize !== 'none' && this.normalize !== 'layer-size') {
      throw new RangeError(`${who}: normalize must be 'none' or 'layer-size', got ${String(this.normalize)}`);
    }
    this.layerParams = options.layers ?? {};
    for (const [name, params] of Object.entries(this.layerParams)) {
      const extra = Object.keys(params ?? {}).filter((k) => !PENALTY_PARAMETERS[kind].includes(k));
      if (extra.length > 0) {
        throw new RangeError(`${who}: layers['${name}'] has unknown parameter(s) ${extra.join(', ')}; valid: ${PENALTY_PARAMETERS[kind].join(', ')}`);
      }
    }
    if (options.learningRate !== undefined) this.learningRateOverride = checkPositive(options.learningRate, 'learningRate', who);
    else if (learningRateOf(inner) === undefined) {
      throw new RangeError(`${who}: the inner optimizer has no learning rate; pass learningRate (η of eq. 17)`);
    }
    if (options.pruningThreshold !== undefined) this.pruningThreshold = checkPositive(options.pruningThreshold, 'pruningThreshold', who);
    const interval = options.finiteCheckInterval ?? 1;
    if (!Number.isInteger(interval) || interval < 0) {
      throw new RangeError(`${who}: finiteCheckInterval must be an integer ≥ 0, got ${String(interval)}`);
    }
    this.finiteCheckInterval = interval;
    this.weightsOptions = options.weights;
    this.phi = restored;
    if (options.model !== undefined) this.attach(options.model);
  }

  /** Binds the optimizer to `model` (needed after loading a model whose structure changed, or when no `model` was given). */
  attach(model: LayersModel): this {
    if (model == null || !Array.isArray((model as Partial<LayersModel>).layers)) {
      throw new TypeError(`${this.kind}Optimizer: model must be a tfjs LayersModel`);
    }
    const penalized = resolvePenalties(
      model,
      { kind: this.kind, global: this.globalParams, normalize: this.normalize, layers: this.layerParams, weights: this.weightsOptions },
      `${this.kind}Optimizer`,
    );
    this.phi = { trainableCount: model.trainableWeights.length, penalized };
    const names = model.trainableWeights.map((v) => v.name);
    this.byName = new Map(penalized.map((p) => [names[p.index], createPenalty(this.kind, p.params, this.sensitivity)]));
    return this;
  }

  override get learningRate(): number {
    return this.learningRateOverride ?? learningRateOf(this.inner)!;
  }

  /** The resolved per-variable parameters (after NORM/SEP), in trainable-weight order. */
  get penalizedWeights(): readonly PenalizedWeight[] {
    return this.phi?.penalized ?? [];
  }

  /**
   * Around plain SGD at its own learning rate, adding ∂Ω/∂w (at the pre-step weights) to the
   * gradient is eq. 17 itself, w − η(∂J/∂w + ∂Ω/∂w), and saves a separate update pass.
   * Around any other optimizer the attraction stays decoupled (applied after its step).
   */
  private foldsIntoGradient(): boolean {
    return this.learningRateOverride === undefined && this.inner.getClassName() === 'SGD' && this.kind !== 'relevance';
  }

  protected override beforeStep(gradients: GradientList): PendingStep {
    const byName = this.bind(gradients);
    const eta = this.learningRate;
    if (!this.boundChecked) this.checkAlphaBound(eta);
    if (this.foldsIntoGradient()) return [];
    const pending: PendingStep = [];
    for (const { name, tensor } of gradients) {
      const attraction = byName.get(name);
      if (attraction === undefined) continue;
      const variable = variableNamed(name);
      if (isGated(attraction)) pending.push([variable, attraction.factor(tensor), 'multiply']);
      // The attraction is taken at the pre-step weights (eq. 17), applied after the inner step.
      else pending.push([variable, addAttraction(undefined, variable, attraction.terms, eta), 'subtract']);
    }
    return pending;
  }

  protected override transformGradients(gradients: GradientList): GradientList {
    if (!this.foldsIntoGradient()) return gradients;
    const byName = this.bind(gradients);
    return gradients.map(({ name, tensor }) => {
      const penalty = byName.get(name);
      return { name, tensor: penalty && !isGated(penalty) ? addAttraction(tensor, variableNamed(name), penalty.terms) : tensor };
    });
  }

  protected override afterStep(gradients: GradientList, pending: PendingStep): void {
    for (const [variable, step, how] of pending) {
      tf.tidy(() => variable.assign(how === 'multiply' ? tf.mul(variable, step) : tf.sub(variable, step)));
      step.dispose();
    }
    this.steps++;
    if (this.finiteCheckInterval > 0 && this.steps % this.finiteCheckInterval === 0) {
      const byName = this.bind(gradients);
      this.checkFinite(gradients.filter((g) => byName.has(g.name)).map((g) => variableNamed(g.name)));
    }
  }

  private bind(gradients: GradientList): Map<string, Attraction> {
    if (this.byName) return this.byName;
    const who = `${this.kind}Optimizer`;
    if (this.phi === undefined) {
      throw new Error(`${who}: it does not know the model; pass { model } or call optimizer.attach(model) before training`);
    }
    const { trainableCount, penalized } = this.phi;
    const fits =
      gradients.length === trainableCount &&
      penalized.every((p) => p.index < gradients.length && variableNamed(gradients[p.index].name).size === p.size);
    if (!fits) {
      throw new Error(
        `${who}: restored without its model, and the variables being trained (${gradients.length}) do not match ` +
          `the ${trainableCount} it was saved with; call optimizer.attach(model)`,
      );
    }
    this.byName = new Map(penalized.map((p) => [gradients[p.index].name, createPenalty(this.kind, p.params, this.sensitivity)]));
    return this.byName;
  }

  private checkAlphaBound(eta: number): void {
    this.boundChecked = true;
    const t = this.pruningThreshold;
    if (t === undefined || this.phi === undefined || this.kind === 'relevance') return;
    const norm = this.kind === 'l2' ? 'l2' : this.kind === 'l1' ? 'l1' : 'l0';
    const alphaKey = this.kind === 'l2l0' ? 'alphaL0' : 'alpha';
    const over = this.phi.penalized.filter((p) => {
      const bound = alphaUpperBound(norm, t, { eta, beta: p.params.beta });
      return p.params[alphaKey] >= bound;
    });
    if (over.length > 0) {
      const p = over[0].params;
      console.warn(
        `${this.kind}Optimizer: ${alphaKey} = ${p[alphaKey]} exceeds the Table 1 bound ` +
          `${alphaUpperBound(norm, t, { eta, beta: p.beta }).toPrecision(3)} at the pruning threshold ${t} (η = ${eta}) ` +
          `for ${over.length} weight tensor(s): weights near the threshold will oscillate around zero instead of settling below it`,
      );
    }
  }

  private checkFinite(variables: tf.Variable[]): void {
    if (variables.length === 0) return;
    const finite = tf.tidy(() => tf.stack(variables.map((v) => tf.all(tf.isFinite(v)))).dataSync());
    const bad = variables.filter((_, i) => !finite[i]);
    if (bad.length > 0) {
      throw new Error(
        `${this.kind}Optimizer: weight(s) ${bad.map((v) => `'${v.name}'`).join(', ')} became NaN or Infinity at step ${this.steps}; ` +
          `training stopped. Lower the learning rate or the α's, or check the data for NaN`,
      );
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...this.innerConfig(),
      penalty: this.kind,
      ...this.globalParams,
      normalize: this.normalize,
      // An array with `name` keys: tfjs rewrites object keys and string values on load, but not `name` strings.
      layers: Object.entries(this.layerParams).map(([name, params]) => ({ name, ...params })),
      finiteCheckInterval: this.finiteCheckInterval,
    };
    if (this.sensitivity !== undefined) config.sensitivity = this.sensitivity;
    if (this.learningRateOverride !== undefined) config.learningRate = this.learningRateOverride;
    if (this.pruningThreshold !== undefined) config.pruningThreshold = this.pruningThreshold;
    if (this.phi) {
      config.trainableCount = this.phi.trainableCount;
      config.penalized = this.phi.penalized.map((p) => ({ index: p.index, size: p.size, params: { ...p.params } }));
    }
    return config;
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const kind = config.penalty as AttractionKind;
    const inner = innerFromConfig(config, DecoupledPenaltyOptimizer.className);
    const layers: Record<string, Partial<PenaltyParams>> = {};
    for (const entry of (config.layers as Array<Record<string, unknown>> | undefined) ?? []) {
      const { name, ...params } = entry;
      layers[name as string] = params as Partial<PenaltyParams>;
    }
    const options: DecoupledPenaltyOptions & Record<string, unknown> = {
      ...pickParams(kind, config as Record<string, unknown>, DecoupledPenaltyOptimizer.className, false),
      normalize: config.normalize as Normalization,
      layers,
      finiteCheckInterval: config.finiteCheckInterval as number,
    };
    if (config.sensitivity != null) options.sensitivity = config.sensitivity as Sensitivity;
    if (config.learningRate != null) options.learningRate = config.learningRate as number;
    if (config.pruningThreshold != null) options.pruningThreshold = config.pruningThreshold as number;
    const restored =
      config.penalized != null
        ? { trainableCount: config.trainableCount as number, penalized: config.penalized as unknown as PenalizedWeight[] }
        : undefined;
    const Ctor = cls as unknown as typeof DecoupledPenaltyOptimizer;
    return new Ctor(inner, kind, options, restored) as unknown as T;
  }
}
tf.serialization.registerClass(DecoupledPenaltyOptimizer);
