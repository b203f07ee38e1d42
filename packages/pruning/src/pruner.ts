import type { Layer, PrunableRole } from '@l0prune/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { layersModelOnly, type GraphModelLike } from './graph-model.js';
import type { Masks } from './masks.js';
import type { GroupReport } from './neuron-pruning.js';

/** What a pruner sees of one weight tensor of φ. */
export interface PrunableTensor {
  /** Variable name: the key of the mask to return. */
  readonly name: string;
  readonly layerName: string;
  readonly role: PrunableRole;
  readonly shape: readonly number[];
  /** Current values (row-major). Zeros left by earlier pruning stay zero whatever the pruner says. Read only. */
  readonly values: Float32Array;
  /**
   * The layer that owns the weight (for pruners that need its bias, activation or neighbours); undefined in a
   * GraphModel.
   */
  readonly layer?: Layer;
}

/** What `prune` asks of a pruner. */
export interface PruneRequest {
  /**
   * How many weights of φ, over all tensors, should stay nonzero (from a `compressionRatio`
   * or `sparsity` target). Undefined when no such target was given (structured pruners
   * carry their own target in their options).
   */
  readonly keep?: number;
  /** The model being pruned; undefined when it is a GraphModel (see `graphModel`). */
  readonly model?: LayersModel;
  /** The converted GraphModel being pruned, if it is one. */
  readonly graphModel?: GraphModelLike;
}

/** The LayersModel of a request, or an error naming what the pruner needs (for structured and loss-driven pruners). */
export function requireLayersModel(request: PruneRequest, who: string): LayersModel {
  if (request.model) return request.model;
  throw layersModelOnly(who, request.graphModel);
}

/**
 * A pruning strategy: turns the weights of φ into masks. Return a mask (1 keep, 0 prune)
 * for any weight it prunes, keyed by variable name; weights it returns no mask for are left
 * as they are. Masks may also cover non-φ variables of the same layers (e.g. the bias of a
 * removed neuron). `prune` checks names and shapes, keeps earlier zeros and applies the masks.
 *
 * Third-party pruners implement this (or extend `MagnitudePruner` / use `selectSmallest`)
 * and make themselves available by name with `registerPruner`.
 */
export interface Pruner {
  /** Registry name, e.g. 'global-magnitude'. */
  readonly name: string;
  /**
   * False for pruners that carry their own target in their options (NP's `fraction` or
   * `flopReduction`): `prune` and `gradualPruning` then refuse a `{ compressionRatio }` or
   * `{ sparsity }` target instead of silently ignoring it. Default true.
   */
  readonly takesTarget?: boolean;
  computeMasks(weights: readonly PrunableTensor[], request: PruneRequest): Masks;
  /** Structured pruners: the channel groups of the last call, for `report.groups`. */
  structure?(): readonly GroupReport[];
}

/** Throws the error unstructured pruners give when `prune` was called without a target. */
export function requireKeep(request: PruneRequest, who: string): number {
  if (request.keep === undefined) {
    throw new Error(`${who}: needs a target: prune(model, pruner, { compressionRatio }) or { sparsity }`);
  }
  return request.keep;
}
