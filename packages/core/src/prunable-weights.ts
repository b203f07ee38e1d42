import { LayerVariable, type LayersModel } from '@tensorflow/tfjs-layers';
import { flattenLayers, type Layer } from './layers.js';
import { checkLayersModel } from './check-layers-model.js';
import { declaredPrunableWeights } from './prunable-layer.js';
import { ATTRIBUTE_ROLES, PRUNABLE_ROLES, type PrunableRole } from './weight-roles.js';

/** One tensor of the set φ: a weight that is penalized during training and may be pruned. */
export interface PrunableWeight {
  /** Name of the underlying `tf.Variable`: unique in the process, the key optimizers see. */
  readonly name: string;
  /** The layer of `model.layers` (or of a nested model) that owns the weight. */
  readonly layer: Layer;
  readonly layerName: string;
  readonly role: PrunableRole;
  readonly shape: readonly number[];
  /** Number of scalar weights in the tensor. */
  readonly size: number;
  readonly variable: LayerVariable;
  /** False for weights of frozen layers: they can be pruned but are not trained. */
  readonly trainable: boolean;
}

export interface PrunableWeightsOptions {
  /**
   * Roles to include (default: all of kernel, depthwiseKernel, pointwiseKernel, embeddings, recurrentKernel, declared).
   */
  roles?: readonly PrunableRole[];
  /** Only these layers (by name). Unknown names are an error. */
  includeLayers?: readonly string[];
  /** Leave out these layers (by name). Unknown names are an error. */
  excludeLayers?: readonly string[];
  /** A last say per weight, e.g. `w => w.size > 1000`. */
  filter?: (weight: PrunableWeight) => boolean;
}

type AttributeHolder = Record<string, unknown>;

/**
 * The objects whose attributes hold a layer's weights: the layer itself, an RNN's cell
 * (and stacked cells), and the inner layers of wrappers (TimeDistributed, Bidirectional).
 */
function weightHolders(layer: Layer): AttributeHolder[] {
  const holders: AttributeHolder[] = [];
  const visit = (obj: unknown): void => {
    if (obj == null || typeof obj !== 'object' || holders.includes(obj as AttributeHolder)) return;
    const holder = obj as AttributeHolder;
    holders.push(holder);
    visit(holder.cell);
    if (Array.isArray(holder.cells)) holder.cells.forEach(visit);
    visit(holder.layer);
    visit(holder.forwardLayer);
    visit(holder.backwardLayer);
  };
  visit(layer);
  return holders;
}

/**
 * The set φ of prunable weights of any LayersModel (Sequential or functional, nested models
 * included, shared layers once). Roles are read from the layers' own attributes
 * (`layer.kernel`, `cell.recurrentKernel`, …), never guessed from variable names.
 * Biases, BatchNormalization parameters and moving statistics are never included.
 */
export function prunableWeights(model: LayersModel, options: PrunableWeightsOptions = {}): PrunableWeight[] {
  checkLayersModel(model, 'prunableWeights');
  const layers = flattenLayers(model);
  const layerNames = new Set(layers.map((l) => l.name));
  for (const key of ['includeLayers', 'excludeLayers'] as const) {
    const unknown = (options[key] ?? []).filter((n) => !layerNames.has(n));
    if (unknown.length > 0) {
      throw new Error(
        `prunableWeights: ${key} names unknown layer(s) ${unknown.map((n) => `'${n}'`).join(', ')}; ` +
          `the model's layers are ${[...layerNames].map((n) => `'${n}'`).join(', ')}`,
      );
    }
  }
  for (const role of options.roles ?? []) {
    if (!PRUNABLE_ROLES.includes(role)) {
      throw new Error(`prunableWeights: unknown role '${role}'; valid roles are ${PRUNABLE_ROLES.join(', ')}`);
    }
  }
  const roles = options.roles ?? PRUNABLE_ROLES;
  const include = options.includeLayers ? new Set(options.includeLayers) : undefined;
  const exclude = new Set(options.excludeLayers ?? []);

  const seen = new Set<LayerVariable>();
  const result: PrunableWeight[] = [];
  const add = (layer: Layer, variable: LayerVariable, role: PrunableRole): void => {
    if (seen.has(variable) || !roles.includes(role)) return;
    seen.add(variable);
    const shape = [...variable.shape] as number[];
    const weight: PrunableWeight = {
      name: variable.name,
      layer,
      layerName: layer.name,
      role,
      shape,
      size: shape.reduce((a, b) => a * b, 1),
      variable,
      trainable: variable.trainable && layer.trainable,
    };
    if (!options.filter || options.filter(weight)) result.push(weight);
  };
  for (const layer of layers) {
    if (include && !include.has(layer.name)) continue;
    if (exclude.has(layer.name)) continue;
    const holders = weightHolders(layer);
    const roleOf = (variable: LayerVariable): PrunableRole =>
      ATTRIBUTE_ROLES.find((role) => holders.some((h) => h[role] === variable)) ?? 'declared';
    // A layer that declares its prunable weights is taken at its word (tfmot's PrunableLayer).
    const declared = declaredPrunableWeights(layer);
    if (declared) {
      for (const variable of declared) add(layer, variable, roleOf(variable));
      continue;
    }
    for (const holder of holders) {
      for (const role of ATTRIBUTE_ROLES) {
        const variable = holder[role];
        if (variable instanceof LayerVariable) add(layer, variable, role);
      }
    }
  }
  return result;
}
