import { layerInternals, readValuesCopy, type Layer, type WeightVariable } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { POOLING, PRODUCERS } from './channel-graph.js';
import type { Masks } from './masks.js';

export interface FoldDeadUnitsResult {
  /** Units whose inputs are all pruned: their constant output went into the next layer's bias. By layer name. */
  folded: Record<string, number>;
  /** Units the next layer no longer reads (its weights from them all pruned): cleared. By layer name. */
  unread: Record<string, number>;
  /** Layers whose units were left alone (or only partly handled) and why, by layer name. */
  ineligible: Record<string, string>;
  /** Zero where a weight or bias was cleared: add them to FT's masks so FT keeps the units dead. */
  masks: Masks;
}

/** Elementwise layers: a constant channel stays constant (its value is computed by applying the layer). */
const ELEMENTWISE = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU']);
/** Per channel at inference: y = γ(x − μ)/√(σ² + ε) + β, so a constant channel stays constant. */
const BATCH_NORM = 'BatchNormalization';
/** Identity at inference. */
const NOISE = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D']);

/** Two consecutive producers and what lies between them. */
interface Segment {
  producer: Layer;
  between: Layer[];
  consumer: Layer;
  /** Why the producer's constant units cannot be folded into the consumer's bias (undefined: they can). */
  noFold?: string;
}

/**
 * Makes the units GP left half-connected free, without changing what the model computes (in place, like `prune`).
 * A unit whose input weights are all zero outputs a constant, f(b): its bias costs a nonzero and its outgoing
 * weights carry nothing that the next layer's bias cannot. Such a constant is added to the next layer's bias
 * (through any pooling, dropout, flatten, activation or BatchNormalization between them) and the unit's bias and
 * outgoing weights are cleared. A unit the next layer does not read (all its outgoing weights zero) loses its input
 * weights and bias. Repeated until nothing changes. At a high compression ratio most of the budget can sit in such units
 * (LeNet-5 at 359×: 500 fc1 biases, of 1,200 nonzeros, for units of which at most 32 are read).
 *
 * Handles chains of layers (Sequential models, linear functional ones): consecutive Dense/Conv layers with
 * elementwise activations (not softmax), BatchNormalization over the channels, pooling without padding, dropout and
 * Flatten between them. A constant goes into a Conv only without padding (with it, the border sees a partial
 * window). A cleared unit still outputs f(0) (through BatchNormalization: its β − γμ/√(σ² + ε)), but no weight
 * reads it. Anything else is left as it is and named in `ineligible`: never a wrong fold. Floating-point sums in
 * another order: outputs equal to about 1e-6.
 */
export function foldDeadUnits(model: LayersModel): FoldDeadUnitsResult {
  const result: FoldDeadUnitsResult = { folded: {}, unread: {}, ineligible: {}, masks: new Map() };
  const chain = layerChain(model);
  if (typeof chain === 'string') {
    result.ineligible[model.name] = chain;
    return result;
  }
  const segments = segmentsOf(chain, result.ineligible);
  const values = new Map<WeightVariable, Float32Array>();
  const read = (v: WeightVariable) => {
    if (!values.has(v)) values.set(v, readValuesCopy(v.read()) as Float32Array);
    return values.get(v)!;
  };
  const cleared = new Map<WeightVariable, Uint8Array>();
  const changedVariables = new Set<WeightVariable>();
  const clear = (v: WeightVariable, k: number) => {
    const data = read(v);
    if (!cleared.has(v)) cleared.set(v, new Uint8Array(data.length).fill(1));
    data[k] = 0;
    cleared.get(v)![k] = 0;
    changedVariables.add(v);
  };
  const count = (record: Record<string, number>, layer: Layer, n: number) => {
    if (n > 0) record[layer.name] = (record[layer.name] ?? 0) + n;
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const s of segments) {
      const p = layerInternals(s.producer);
      const q = layerInternals(s.consumer);
      const pKernel = read(p.kernel!);
      const qKernel = read(q.kernel!);
      const units = p.kernel!.shape.at(-1)!;
      const qUnits = q.kernel!.shape.at(-1)!;
      const pBias = p.bias ? read(p.bias) : undefined;
      // Row k / qUnits of the consumer's kernel reads the producer's unit (k / qUnits) % units (Flatten: per position).
      const unitOf = (k: number) => Math.floor(k / qUnits) % units;
      const fed = new Uint8Array(units);
      for (let k = 0; k < pKernel.length; k++) if (pKernel[k] !== 0) fed[k % units] = 1;
      const readBy = new Uint8Array(units);
      for (let k = 0; k < qKernel.length; k++) if (qKernel[k] !== 0) readBy[unitOf(k)] = 1;

      let unread = 0;
      for (let j = 0; j < units; j++) {
        if (readBy[j] || (!fed[j] && !pBias?.[j])) continue;
        for (let k = j; k < pKernel.length; k += units) clear(p.kernel!, k);
        if (pBias) clear(p.bias!, j);
        unread++;
      }
      count(result.unread, s.producer, unread);
      changed ||= unread > 0;
      if (s.noFold) continue;

      // Units without inputs that are read: their constant output f(b) goes into the consumer's bias.
      const constantUnits = [...fed.keys()].filter((j) => !fed[j] && readBy[j]);
      if (constantUnits.length === 0) continue;
      const outputs = constantOutputs(s, pBias, units);
      const constant = new Map(constantUnits.map((j) => [j, outputs[j]!]));
      const qBias = q.bias ? read(q.bias) : undefined;
      if (!qBias && [...constant.values()].some((c) => c !== 0)) {
        result.ineligible[s.producer.name] = `'${s.consumer.name}' has no bias to take its units' constant outputs`;
        continue;
      }
      for (let k = 0; k < qKernel.length; k++) {
        const c = constant.get(unitOf(k));
        if (c === undefined) continue;
        if (c !== 0) qBias![k % qUnits] += c * qKernel[k]!;
        clear(q.kernel!, k);
      }
      if (q.bias) changedVariables.add(q.bias);
      for (const j of constant.keys()) if (pBias) clear(p.bias!, j);
      count(result.folded, s.producer, constant.size);
      changed = true;
    }
  }

  for (const variable of changedVariables)
    tf.tidy(() => {
      variable.write(tf.tensor(values.get(variable)!, variable.shape));
    });
  for (const [variable, mask] of cleared) result.masks.set(variable.name, { shape: variable.shape, values: mask });
  return result;
}

/** The layers of a model that is a single chain (each feeds only the next), or why it is not one. */
function layerChain(model: LayersModel): Layer[] | string {
  const isInput = (l: Layer) => l.getClassName() === 'InputLayer';
  const layers = model.layers.filter((l) => !isInput(l));
  for (const [i, layer] of layers.entries()) {
    const h = layerInternals(layer);
    if (h.layers) return `'${layer.name}' is a nested model; foldDeadUnits handles a flat chain of layers`;
    const inbound = h.inboundNodes.flatMap((n) => n.inboundLayers);
    const chained = i === 0 ? inbound.every(isInput) : inbound.length === 1 && inbound[0] === layers[i - 1];
    if (!chained || inbound.length > 1 || model.layers.some((l) => layerInternals(l).outboundNodes.length > 1))
      return `not a chain of layers at '${layer.name}' (branches or shared layers); foldDeadUnits handles chains`;
  }
  return layers;
}

/** Consecutive producers with what lies between; a pair it cannot read goes to `ineligible`. */
function segmentsOf(layers: Layer[], ineligible: Record<string, string>): Segment[] {
  const segments: Segment[] = [];
  const producers = layers.flatMap((l, i) => (PRODUCERS.has(l.getClassName()) ? [i] : []));
  for (let n = 0; n + 1 < producers.length; n++) {
    const producer = layers[producers[n]!]!;
    const consumer = layers[producers[n + 1]!]!;
    const between = layers.slice(producers[n]! + 1, producers[n + 1]);
    const why = unreadable(producer, between, consumer);
    if (why) {
      ineligible[producer.name] = why;
      continue;
    }
    const cannotFold = noFold(between, consumer);
    if (cannotFold) ineligible[producer.name] = cannotFold;
    segments.push({ producer, between, consumer, noFold: cannotFold });
  }
  return segments;
}

const config = (layer: Layer) => layer.getConfig() as Record<string, unknown>;
const channelsLast = (layer: Layer) => (config(layer).dataFormat ?? 'channelsLast') === 'channelsLast';

/** Whether a BatchNormalization keeps one mean and variance per channel (channels last). */
function normalizesLastAxis(layer: Layer): boolean {
  const axis = Number(config(layer).axis);
  return axis === -1 || axis === (layer.input as SymbolicTensor).shape.length - 1;
}

/** Why the consumer's weights cannot be matched to the producer's units, if they cannot. */
function unreadable(producer: Layer, between: Layer[], consumer: Layer): string | undefined {
  // A softmax mixes the units: clearing one changes the others' outputs, read or not.
  const mixing = [producer, ...between].find((l) => /softmax/i.test(String(config(l).activation ?? '')));
  if (mixing) return `'${mixing.name}' has a softmax: its units are not independent`;
  const units = layerInternals(producer).kernel!.shape.at(-1)!;
  const inputs = layerInternals(consumer).kernel!.shape.at(-2)!;
  for (const l of [producer, ...between, consumer])
    if (!channelsLast(l)) return `'${l.name}' is channels-first; foldDeadUnits reads channels-last layers`;
  const acrossChannels = between.find((l) => l.getClassName() === BATCH_NORM && !normalizesLastAxis(l));
  if (acrossChannels) return `'${acrossChannels.name}' normalizes an axis other than the last (the channels)`;
  const odd = between.find(
    (l) =>
      !ELEMENTWISE.has(l.getClassName()) &&
      !NOISE.has(l.getClassName()) &&
      !POOLING.has(l.getClassName()) &&
      l.getClassName() !== BATCH_NORM &&
      l.getClassName() !== 'Flatten',
  );
  if (odd)
    return `'${odd.name}' (${odd.getClassName()}) between '${producer.name}' and '${consumer.name}' is not understood`;
  const flattens = between.some((l) => l.getClassName() === 'Flatten');
  if (flattens ? consumer.getClassName() !== 'Dense' || inputs % units !== 0 : inputs !== units)
    return `'${consumer.name}' does not read '${producer.name}' channel by channel`;
  return undefined;
}

/** Why a constant unit of the producer cannot go into the consumer's bias exactly, if it cannot. */
function noFold(between: Layer[], consumer: Layer): string | undefined {
  const flatten = between.findIndex((l) => l.getClassName() === 'Flatten');
  const perPosition = between.find((l, i) => flatten >= 0 && i > flatten && l.getClassName() === BATCH_NORM);
  if (perPosition) return `'${perPosition.name}' normalizes each position after Flatten, not each channel`;
  // Global pools and Dense have no padding.
  const padded = [...between, consumer].find((l) => (config(l).padding ?? 'valid') !== 'valid');
  if (padded) return `'${padded.name}' pads its input: a constant channel is not constant at the border`;
  return undefined;
}

/**
 * What each of the producer's units outputs where the consumer reads it if it has no inputs: f(b) through the
 * activations and BatchNormalizations between (at inference, with their moving statistics), one value per unit.
 */
function constantOutputs(s: Segment, bias: Float32Array | undefined, units: number): Float32Array {
  return tf.tidy(() => {
    // The producer's output rank, channels last, so a BatchNormalization built for it accepts the tensor.
    const rank = (s.producer.output as SymbolicTensor).shape.length;
    let x: tf.Tensor = tf.tensor(bias ?? new Float32Array(units), [...Array(rank - 1).fill(1), units]);
    x = layerInternals(s.producer).activation?.apply(x) ?? x;
    for (const l of s.between)
      if (ELEMENTWISE.has(l.getClassName()) || l.getClassName() === BATCH_NORM) x = l.apply(x) as tf.Tensor;
    return x.dataSync() as Float32Array;
  });
}
