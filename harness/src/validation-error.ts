import type * as tfl from '@tensorflow/tfjs-layers';
import { type Dataset, top1Error } from '@l0prune/mnist';

/**
 * Top-1 error on the held-out images, or null when there are none (`loadMnist({ validationSize: 0 })`: trained on
 * all 60,000, as the paper): no number stands in for a measurement that was not made.
 */
export function validationError(model: tfl.LayersModel, data: Dataset): number | null {
  return data.validation.size > 0 ? top1Error(model, data.validation) : null;
}

/** `12.34%`, or a note that nothing was held out. */
export function formatValidationError(error: number | null): string {
  return error === null ? 'no validation images' : `validation ${error.toFixed(2)}%`;
}
