import { checkNumber, describeValue } from '@l0prune/core';
import { type GradualPruning, gradualPruning, type Masks, type Pruner, polynomialDecay } from '@l0prune/pruning';

/**
 * Fine-tuning that prunes gradually instead of at once before it: over its first `epochs` epochs,
 * from about `fromRatio` to the target, on Zhu & Gupta's cubic schedule (tfmot's PolynomialDecay),
 * pruning every `frequency` steps. A one-shot cut to a high ratio costs the network far more than
 * FT gets back (LeNet-5 at 359×: 7.8% error before FT); removing the weights a little at a time
 * lets the rest take over their work while they go.
 */
export interface GradualFtOptions {
  /** Compression ratio of the first pruning step, in [1, target). */
  fromRatio: number;
  /** FT epochs over which the ratio rises to the target (the rest of FT holds it), in [1, ftEpochs]. */
  epochs: number;
  /** Steps (batches) between pruning steps; default 100. */
  frequency?: number;
}

/** Fraction of φ the masks hold at zero. */
function maskSparsity(masks: Masks): number {
  let zeros = 0;
  let size = 0;
  for (const { values } of masks.values()) {
    size += values.length;
    for (let i = 0; i < values.length; i++) zeros += 1 - values[i]!;
  }
  return zeros / size;
}

/**
 * `options` checked against a target and FT's length, with `frequency`'s default: run it before training,
 * so a bad option costs nothing rather than the training it would otherwise follow.
 */
export function checkGradualFtOptions(
  options: GradualFtOptions,
  targetRatio: number,
  ftEpochs: number,
): Required<GradualFtOptions> {
  if (options == null || typeof options !== 'object')
    throw new TypeError(`gradualFt must be { fromRatio, epochs, frequency? }, got ${describeValue(options)}`);
  const unknown = Object.keys(options).filter((k) => !['fromRatio', 'epochs', 'frequency'].includes(k));
  if (unknown.length > 0)
    throw new RangeError(`gradualFt: unknown option(s) ${unknown.join(', ')}; valid: fromRatio, epochs, frequency`);
  const fromRatio = checkNumber(options.fromRatio, 'gradualFt: fromRatio', {
    min: 1,
    below: targetRatio,
    hint: `the first pruning step's ratio, below the target ${targetRatio}×`,
  });
  const epochs = checkNumber(options.epochs, 'gradualFt: epochs', {
    integer: true,
    min: 1,
    max: ftEpochs,
    hint: 'FT epochs over which pruning reaches the target; at most ftEpochs',
  });
  const frequency = checkNumber(options.frequency ?? 100, 'gradualFt: frequency', { integer: true, min: 1 });
  return { fromRatio, epochs, frequency };
}

/**
 * The callback that carries out `options` during FT, ending exactly at `targetMasks`' sparsity
 * (what a one-shot prune to `targetRatio` leaves). Compile the model with a `maskedOptimizer`.
 */
export function gradualFt(
  options: GradualFtOptions,
  o: { pruner: Pruner; targetRatio: number; targetMasks: Masks; ftEpochs: number; batchesPerEpoch: number },
): GradualPruning {
  const { fromRatio, epochs, frequency } = checkGradualFtOptions(options, o.targetRatio, o.ftEpochs);
  const finalSparsity = maskSparsity(o.targetMasks);
  // Nonzeros scale as 1/ratio: the first step keeps target/fromRatio times the final count (biases aside).
  const initialSparsity = Math.max(0, 1 - ((1 - finalSparsity) * o.targetRatio) / fromRatio);
  return gradualPruning({
    pruner: o.pruner,
    schedule: polynomialDecay({
      initialSparsity,
      finalSparsity,
      beginStep: 0,
      endStep: Math.max(1, epochs * o.batchesPerEpoch - 1),
      frequency,
    }),
  });
}
