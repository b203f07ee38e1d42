import { checkNumber } from '@l0prune/core';
import { describeValue } from '@l0prune/core';
/** How much to prune: a compression ratio of the whole model or a sparsity of φ. */
export type PruneTarget = { compressionRatio: number } | { sparsity: number };

export interface TargetContext {
  /** All parameters of the model (biases included). */
  total: number;
  /** Nonzero parameters outside φ (biases, BatchNorm…): pruning φ cannot remove them. */
  otherNonzero: number;
  /** Size of φ. */
  phiSize: number;
  /** Of `otherNonzero`, the nonzeros of prunable weights left out of φ by the `weights` option. */
  excludedNonzero?: number;
}

/**
 * Number of φ weights to keep nonzero for a target. Compression ratio = all parameters /
 * nonzero parameters with biases counted in both, so the non-φ nonzeros use part of the budget.
 */
export function keepCount(target: PruneTarget, ctx: TargetContext): number {
  if (target == null || typeof target !== 'object') {
    throw new TypeError('prune: target must be { compressionRatio } or { sparsity }');
  }
  const hasRatio = 'compressionRatio' in target;
  const hasSparsity = 'sparsity' in target;
  if (hasRatio === hasSparsity) throw new RangeError('prune: give exactly one of { compressionRatio } or { sparsity }');
  if (hasRatio) {
    const r = checkNumber(target.compressionRatio, 'prune: compressionRatio', {
      min: 1,
      hint: 'all params / nonzero params',
    });
    const keep = Math.floor(ctx.total / r) - ctx.otherNonzero;
    if (keep < 1) {
      const max = ctx.total / (ctx.otherNonzero + 1);
      const excluded = ctx.excludedNonzero
        ? ` (${ctx.excludedNonzero} of them in kernels left out of φ by the 'weights' option, e.g. excludeLayers: include them, or lower the ratio)`
        : '';
      throw new RangeError(
        `prune: compressionRatio ${r} is unreachable: the ${ctx.otherNonzero} nonzero biases and other unprunable ` +
          `parameters${excluded} alone allow at most ${max.toFixed(1)}× with a single prunable weight left`,
      );
    }
    return keep;
  }
  const s = target.sparsity;
  if (typeof s !== 'number' || !(s >= 0 && s < 1)) {
    throw new RangeError(
      `prune: sparsity must be a number in [0, 1) (fraction of prunable weights set to zero), got ${describeValue(s)}`,
    );
  }
  return ctx.phiSize - Math.round(s * ctx.phiSize);
}
