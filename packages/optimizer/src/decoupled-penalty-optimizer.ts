import { checkNumber } from '@l0prune/core';
import {
  OptimizerWrapper,
  checkLayersModel,
  describeValue,
  quoteNames,
  innerFromConfig,
  setLearningRate,
  variableNamed,
  type GradientList,
  type PrunableWeightsOptions,
} from '@l0prune/core';
import { alphaUpperBound, checkPositive } from '@l0prune/regularizer';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { learningRateOf } from './learning-rate.js';
import {
  createAttraction,
  parametersOf,
  pickParams,
  type AttractionKind,
  type AttractionRule,
  type PenaltyParams,
} from './penalty-spec.js';
import { SENSITIVITIES, type Sensitivity } from './relevance-decay.js';
import { resolvePenalties, type Normalization, type PenalizedWeight } from './resolve-penalties.js';

export interface DecoupledPenaltyOptions {
  /** The model whose prunable weights φ are penalized (or call `attach(model)` later). */
  model?: LayersModel;
  /** η of the zero-attraction step; defaults to the inner optimizer's learning rate, read every step. */
  learningRate?: number;
  /** NORM: `'layer-size'` scales the global α's per layer by sqrt(n_layer / n_largest). Default `'none'`. */
  normalize?: Normalization;
  /**
   * Which of the penalty's parameters NORM scales, e.g. `['alphaL0']` as the authors' released code does (its α₂ is
   * the same in every layer). Default every α. Needs `normalize: 'layer-size'`.
   */
  normalizedParameters?: readonly string[];
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
  /**
   * `true`: ∂Ω/∂w joins the loss gradient before the inner optimizer, as a Keras `kernel_regularizer` does (the
   * authors' released code trains that way around Adam, whose moments then rescale the attraction too). Around
   * plain SGD the two are the same step. Default `false`: decoupled, as AdamW decouples weight decay.
   */
  coupled?: boolean;
}

const COMMON_OPTIONS = [
  'model',
  'learningRate',
  'normalize',
  'normalizedParameters',
  'layers',
  'weights',
  'pruningThreshold',
  'finiteCheckInterval',
  'coupled',
];

/** What a restored optimizer knows of φ without its model: positions in the gradient list. */
interface PositionalPhi {
  trainableCount: number;
  penalized: PenalizedWeight[];
}

/** Per variable: what to subtract after the inner step (a penalty), or what to multiply by (relevance decay). */
type PendingStep = Array<[tf.Variable, tf.Tensor, 'subtract' | 'multiply']>;

const BUILT_IN_NORMS: Record<string, 'l0' | 'l1' | 'l2'> = { l2l0: 'l0', l0: 'l0', l1: 'l1', l2: 'l2' };

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
  readonly normalizedParameters?: readonly string[];
  readonly layerParams: Record<string, Partial<PenaltyParams>>;
  readonly coupled: boolean;
  private learningRateOverride?: number;
  private readonly pruningThreshold?: number;
  private readonly finiteCheckInterval: number;
  private readonly weightsOptions?: PrunableWeightsOptions;
  /** A restored optimizer's φ, as positions in the gradient list it was saved with. */
  private phi?: PositionalPhi;
  /** The model φ is read from: again whenever the set of trained variables changes. */
  private model?: LayersModel;
  /** φ of the model (or the restored positions) resolved for the trained variables, by variable name. */
  private byName?: Map<string, AttractionRule>;
  /** The per-weight parameters behind `byName`, in gradient order. */
  private bound: PenalizedWeight[] = [];
  /** The gradient names `byName` was bound for. */
  private boundFor?: string;
  private steps = 0;
  private boundChecked = false;
  /** Whether the rule can be folded into an SGD gradient (penalties can, relevance decay cannot). */
  private readonly canFold: boolean;

  constructor(
    inner: tf.Optimizer,
    kind: AttractionKind,
    options: DecoupledPenaltyOptions & Record<string, unknown>,
    restored?: PositionalPhi,
  ) {
    super(inner);
    const who = `${kind}Optimizer`;
    const parameters = parametersOf(kind, who);
    if (options == null || typeof options !== 'object') throw new TypeError(`${who}: options are required`);
    const known = [...parameters, ...COMMON_OPTIONS, ...(kind === 'relevance' ? ['sensitivity'] : [])];
    const unknown = Object.keys(options).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new RangeError(`${who}: unknown option(s) ${unknown.join(', ')}; valid options are ${known.join(', ')}`);
    }
    this.kind = kind;
    this.globalParams = pickParams(kind, options, who, false);
    if (kind === 'relevance') {
      this.sensitivity = options.sensitivity ?? 'gradient';
      if (!SENSITIVITIES.includes(this.sensitivity)) {
        throw new RangeError(
          `${who}: sensitivity must be one of ${SENSITIVITIES.join(', ')}, got ${describeValue(options.sensitivity)}`,
        );
      }
    }
    this.canFold = createAttraction(kind, this.globalParams, this.sensitivity).fold !== undefined;
    if (options.coupled !== undefined && typeof options.coupled !== 'boolean')
      throw new TypeError(`${who}: coupled must be true or false, got ${describeValue(options.coupled)}`);
    this.coupled = options.coupled ?? false;
    if (this.coupled && !this.canFold)
      throw new RangeError(`${who}: '${kind}' has no gradient to join the loss's (coupled: true); leave coupled out`);
    if (this.coupled && options.learningRate !== undefined)
      throw new RangeError(
        `${who}: coupled: true takes its step from the inner optimizer, so a separate learningRate (η of the ` +
          'attraction) would be ignored; pass one or the other',
      );
    this.normalize = options.normalize ?? 'none';
    if (this.normalize !== 'none' && this.normalize !== 'layer-size') {
      throw new RangeError(`${who}: normalize must be 'none' or 'layer-size', got ${describeValue(this.normalize)}`);
    }
    if (options.normalizedParameters !== undefined)
      this.normalizedParameters = checkNormalizedParameters(
        options.normalizedParameters,
        parameters,
        this.normalize,
        who,
      );
    this.layerParams = options.layers ?? {};
    for (const [name, params] of Object.entries(this.layerParams)) {
      const extra = Object.keys(params ?? {}).filter((k) => !parameters.includes(k));
      if (extra.length > 0) {
        throw new RangeError(
          `${who}: layers['${name}'] has unknown parameter(s) ${extra.join(', ')}; valid: ${parameters.join(', ')}`,
        );
      }
    }
    if (options.learningRate !== undefined)
      this.learningRateOverride = checkPositive(options.learningRate, 'learningRate', who);
    else if (!this.coupled && learningRateOf(inner) === undefined) {
      throw new RangeError(`${who}: the inner optimizer has no learning rate; pass learningRate (η of eq. 17)`);
    }
    if (options.pruningThreshold !== undefined)
      this.pruningThreshold = checkPositive(options.pruningThreshold, 'pruningThreshold', who);
    this.finiteCheckInterval = checkNumber(options.finiteCheckInterval ?? 1, `${who}: finiteCheckInterval`, {
      integer: true,
      min: 0,
    });
    this.weightsOptions = options.weights;
    this.phi = restored;
    if (options.model !== undefined) this.attach(options.model);
  }

  /**
   * Binds the optimizer to `model`: φ is read from it at the first step and again whenever the
   * set of trained variables changes (a layer frozen or unfrozen, then `compile`). Needed after
   * loading a model with its optimizer, or when no `model` was given.
   */
  attach(model: LayersModel): this {
    checkLayersModel(model, `${this.kind}Optimizer`);
    this.resolve(model); // validates `layers`, `weights` and the parameters against the model now
    this.model = model;
    this.phi = undefined;
    this.byName = undefined;
    this.boundFor = undefined;
    return this;
  }

  private resolve(model: LayersModel): PenalizedWeight[] {
    return resolvePenalties(
      model,
      {
        kind: this.kind,
        global: this.globalParams,
        normalize: this.normalize,
        normalized: this.normalizedParameters,
        layers: this.layerParams,
        weights: this.weightsOptions,
      },
      `${this.kind}Optimizer`,
    );
  }

  /** η of the attraction: the inner optimizer's rate, read every step, unless `learningRate` was given. */
  override get learningRate(): number {
    return this.learningRateOverride ?? learningRateOf(this.inner)!;
  }

  /**
   * `optimizer.learningRate = x` (the tfjs way, e.g. in a schedule callback) sets η for both
   * parts of the step: the inner optimizer's rate and the attraction's (a `learningRate` given
   * at construction is replaced too, so the two stay one rate).
   */
  override set learningRate(value: number) {
    const who = `${this.kind}Optimizer`;
    setLearningRate(this.inner, value, who);
    if (this.learningRateOverride !== undefined) this.learningRateOverride = value;
  }

  /** The resolved per-variable parameters (after NORM/SEP) of the trained weights of φ, in trainable-weight order. */
  get penalizedWeights(): readonly PenalizedWeight[] {
    if (this.boundFor !== undefined) return this.bound;
    if (this.model) return this.resolve(this.model).filter((p) => p.trainable);
    return this.phi?.penalized ?? [];
  }

  /**
   * Around plain SGD at its own learning rate, adding ∂Ω/∂w (at the pre-step weights) to the
   * gradient is eq. 17 itself, w − η(∂J/∂w + ∂Ω/∂w), and saves a separate update pass.
   * Around any other optimizer the attraction stays decoupled (applied after its step), unless `coupled`.
   */
  private foldsIntoGradient(): boolean {
    if (this.coupled) return true;
    return this.learningRateOverride === undefined && this.inner.getClassName() === 'SGD' && this.canFold;
  }

  protected override beforeStep(gradients: GradientList): PendingStep {
    const byName = this.bind(gradients);
    // Coupled around an optimizer without a learning rate there is no η to check Table 1's bound at.
    const eta = this.learningRateOverride ?? learningRateOf(this.inner);
    if (!this.boundChecked && eta !== undefined) this.checkAlphaBound(eta);
    if (this.foldsIntoGradient() || eta === undefined) return [];
    const pending: PendingStep = [];
    for (const { name, tensor } of gradients) {
      const rule = byName.get(name);
      if (rule === undefined) continue;
      const variable = variableNamed(name);
      // Taken at the pre-step weights (eq. 17) or from this step's gradient; applied after the inner step.
      const { tensor: update, how } = rule.pending(variable, tensor, eta);
      pending.push([variable, update, how]);
    }
    return pending;
  }

  protected override transformGradients(gradients: GradientList): GradientList {
    if (!this.foldsIntoGradient()) return gradients;
    const byName = this.bind(gradients);
    return gradients.map(({ name, tensor }) => {
      const rule = byName.get(name);
      return { name, tensor: rule?.fold ? rule.fold(tensor, variableNamed(name)) : tensor };
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

  /**
   * The penalty of each trained variable of φ. Bound at the first step and again whenever the
   * trained set changes, so φ follows freezing and unfreezing; a model that trains none (or
   * not all) of φ is refused: it is not the model this optimizer was given.
   */
  private bind(gradients: GradientList): Map<string, AttractionRule> {
    const key = gradients.map((g) => g.name).join('\n');
    if (this.byName && key === this.boundFor) return this.byName;
    const who = `${this.kind}Optimizer`;
    let bound: PenalizedWeight[];
    if (this.model) bound = this.bindToModel(this.model, gradients, who);
    else if (this.phi) bound = this.bindToPositions(this.phi, gradients, who);
    else
      throw new Error(
        `${who}: it does not know the model; pass { model } or call optimizer.attach(model) before training`,
      );
    this.bound = bound;
    this.byName = new Map(bound.map((p) => [p.name!, createAttraction(this.kind, p.params, this.sensitivity)]));
    this.boundFor = key;
    return this.byName;
  }

  private bindToModel(model: LayersModel, gradients: GradientList, who: string): PenalizedWeight[] {
    const position = new Map(gradients.map((g, i) => [g.name, i]));
    const phi = this.resolve(model);
    const trained = phi.filter((p) => position.has(p.name!));
    if (trained.length === 0) {
      throw new Error(
        `${who}: none of the ${phi.length} prunable weights of the model it was given ` +
          `(${quoteNames(phi.map((p) => p.name!))}) is being trained, so no penalty would apply: the optimizer was ` +
          `compiled into another model. Pass the model being compiled, ${who}(inner, { model, … }), or call ` +
          `optimizer.attach(model)`,
      );
    }
    const missing = phi.filter((p) => p.trainable && !position.has(p.name!));
    if (missing.length > 0) {
      throw new Error(
        `${who}: trainable weight(s) ${quoteNames(missing.map((p) => p.name!))} of φ get no gradient, so they would ` +
          `not be penalized: compile the model again after changing a layer's trainable flag, or leave them out of ` +
          `φ with { weights: { excludeLayers } }`,
      );
    }
    return trained.map((p) => ({ ...p, index: position.get(p.name!)! }));
  }

  private bindToPositions(
    { trainableCount, penalized }: PositionalPhi,
    gradients: GradientList,
    who: string,
  ): PenalizedWeight[] {
    const fits =
      gradients.length === trainableCount &&
      penalized.every((p) => p.index < gradients.length && variableNamed(gradients[p.index].name).size === p.size);
    if (!fits) {
      throw new Error(
        `${who}: restored without its model, and the variables being trained (${gradients.length}) do not match ` +
          `the ${trainableCount} it was saved with; call optimizer.attach(model)`,
      );
    }
    return penalized.map((p) => ({ ...p, name: gradients[p.index].name, trainable: true }));
  }

  private checkAlphaBound(eta: number): void {
    this.boundChecked = true;
    const t = this.pruningThreshold;
    const norm = BUILT_IN_NORMS[this.kind];
    if (t === undefined || norm === undefined) return; // Table 1 bounds exist for the built-in norms only
    const alphaKey = this.kind === 'l2l0' ? 'alphaL0' : 'alpha';
    const over = this.bound.filter((p) => {
      const bound = alphaUpperBound(norm, t, { eta, beta: p.params.beta });
      return p.params[alphaKey] >= bound;
    });
    if (over.length > 0) {
      const p = over[0].params;
      console.warn(
        `${this.kind}Optimizer: ${alphaKey} = ${p[alphaKey]} exceeds the Table 1 bound ` +
          `${alphaUpperBound(norm, t, { eta, beta: p.beta }).toPrecision(3)} at the pruning threshold ${t} (η = ` +
          `${eta}) for ${over.length} weight tensor(s): weights near the threshold will oscillate around zero ` +
          `instead of settling below it`,
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
    if (this.coupled) config.coupled = true;
    // `name` entries, as `layers`: tfjs may rewrite plain string values on load.
    if (this.normalizedParameters) config.normalizedParameters = this.normalizedParameters.map((name) => ({ name }));
    if (this.learningRateOverride !== undefined) config.learningRate = this.learningRateOverride;
    if (this.pruningThreshold !== undefined) config.pruningThreshold = this.pruningThreshold;
    // Positions in the gradient list, so a model loaded with its optimizer finds φ without `attach`.
    const phi = this.savedPhi();
    if (phi) {
      config.trainableCount = phi.trainableCount;
      config.penalized = phi.penalized.map((p) => ({ index: p.index, size: p.size, params: { ...p.params } }));
    }
    return config;
  }

  private savedPhi(): PositionalPhi | undefined {
    if (this.boundFor !== undefined) return { trainableCount: this.boundFor.split('\n').length, penalized: this.bound };
    if (this.model)
      return {
        trainableCount: this.model.trainableWeights.length,
        penalized: this.resolve(this.model).filter((p) => p.trainable),
      };
    return this.phi;
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
    if (config.coupled === true) options.coupled = true;
    if (config.normalizedParameters != null)
      options.normalizedParameters = (config.normalizedParameters as Array<{ name: string }>).map((p) => p.name);
    if (config.learningRate != null) options.learningRate = config.learningRate as number;
    if (config.pruningThreshold != null) options.pruningThreshold = config.pruningThreshold as number;
    const restored =
      config.penalized != null
        ? {
            trainableCount: config.trainableCount as number,
            penalized: config.penalized as unknown as PenalizedWeight[],
          }
        : undefined;
    const Ctor = cls as unknown as typeof DecoupledPenaltyOptimizer;
    return new Ctor(inner, kind, options, restored) as unknown as T;
  }
}
tf.serialization.registerClass(DecoupledPenaltyOptimizer);

/** `normalizedParameters` is a non-empty list of the penalty's parameters, and only means something under NORM. */
function checkNormalizedParameters(
  value: unknown,
  parameters: readonly string[],
  normalize: Normalization,
  who: string,
): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((p) => !parameters.includes(p))) {
    throw new RangeError(
      `${who}: normalizedParameters must be a non-empty list of the penalty's parameters (${parameters.join(', ')}), ` +
        `got ${describeValue(value)}`,
    );
  }
  if (normalize !== 'layer-size') {
    throw new RangeError(
      `${who}: normalizedParameters names what NORM scales, but normalize is '${normalize}'; ` +
        "pass normalize: 'layer-size' or leave normalizedParameters out",
    );
  }
  return [...new Set(value as string[])];
}
