import { layerInternals, type Layer, type WeightVariable } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

/**
 * A channel of a tensor, as a code: which root channel space it comes from and its index there.
 * A root is the output space of one producer (Dense/Conv units) or a space that cannot be cut
 * (a model input, the output of a layer the graph does not understand).
 */
type Code = number;
const ROOT_STRIDE = 2 ** 20;
export const code = (root: number, index: number): Code => root * ROOT_STRIDE + index;
export const rootOf = (c: Code): number => Math.floor(c / ROOT_STRIDE);
export const indexOf = (c: Code): number => c % ROOT_STRIDE;

/** Per channel (last axis) of a tensor, the root channel it carries; a Flatten repeats them per position. */
export type Layout = readonly Code[];

/** How one axis of a weight follows a layout: gathering that axis by the kept channels shrinks it. */
export interface WeightAxis {
  readonly axis: number;
  readonly layout: Layout;
  /**
   * Output side: these entries must be zero for a channel to be dead (kernel columns, biases, depthwise slices, BN
   * γ/β).
   */
  readonly output: boolean;
}

export interface WeightUse {
  readonly variable: WeightVariable;
  readonly shape: readonly number[];
  readonly axes: readonly WeightAxis[];
}

const weightUse = (variable: WeightVariable, axes: WeightAxis[]): WeightUse => ({
  variable,
  shape: [...variable.shape] as number[],
  axes,
});

/** One layer call as the graph understood it. */
export interface LayerUse {
  readonly layer: Layer;
  readonly weights: readonly WeightUse[];
  /** A producer's own root (its units/filters), whose count `shrink` writes into the config. */
  readonly ownRoot?: number;
}

/** Channels tied together: pruned together (the same indices in every member) or not at all. */
export interface ChannelGroup {
  readonly id: number;
  /** Number of channels. */
  readonly size: number;
  readonly roots: readonly number[];
  /** The Dense/Conv layers whose units/filters the group is. */
  readonly producers: readonly Layer[];
  /** The BatchNormalization layers that normalize the group's channels. */
  readonly batchNorms: readonly Layer[];
  /** True when an elementwise merge (Add, Multiply…) ties it: a residual stream. */
  readonly residual: boolean;
  /** Why the group cannot lose channels, if it cannot. */
  readonly reason?: string;
  readonly name: string;
}

export interface ChannelGraph {
  readonly groups: readonly ChannelGroup[];
  readonly uses: readonly LayerUse[];
  /** The group of each root. */
  groupOfRoot(root: number): ChannelGroup;
}

/** Layers whose kernel's last axis is their output units (channels). */
export const PRODUCERS = new Set(['Dense', 'Conv1D', 'Conv2D', 'Conv3D']);
/** Pooling layers: per channel, a zero channel pools to zero and a constant one to the same constant (no padding). */
export const POOLING = new Set([
  'MaxPooling1D',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling1D',
  'AveragePooling2D',
  'AveragePooling3D',
  'GlobalAveragePooling1D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling1D',
  'GlobalMaxPooling2D',
]);
const PASS_THROUGH = new Set([
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'ThresholdedReLU',
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  ...POOLING,
  'ZeroPadding2D',
  'Cropping2D',
  'UpSampling2D',
  'Masking',
]);
const MERGES = new Set(['Add', 'Multiply', 'Subtract', 'Average', 'Maximum', 'Minimum']);

/** Channels-last check for layers that have a data format. */
function channelsLast(layer: Layer): boolean {
  const format = layerInternals(layer).dataFormat;
  return format === undefined || format === 'channelsLast';
}

function lastDim(t: SymbolicTensor): number {
  return t.shape[t.shape.length - 1] ?? 0;
}

/** The value an activation gives for 0: a removed channel passes 0 on only if every activation maps 0 to 0. */
export function activationAtZero(layer: Layer): number {
  const activation = layerInternals(layer).activation;
  if (activation == null) return 0;
  return tf.tidy(() => activation.apply(tf.zeros([1])).dataSync()[0]);
}

interface Node {
  inputTensors: SymbolicTensor[];
  outputTensors: SymbolicTensor[];
}

/**
 * The channel-dependency graph of a LayersModel (Torch-Pruning's DepGraph idea, for tfjs):
 * which output channels of which layers are tied — through elementwise merges, Concatenate,
 * BatchNormalization, depthwise and separable convolutions, activations, pooling, padding,
 * Flatten, nested models — and how every weight's axes follow them. Layers it does not
 * understand make the channels they touch ineligible, with the reason; nothing is guessed.
 */
export function channelGraph(model: LayersModel): ChannelGraph {
  const rootSize: number[] = [];
  const rootProducer: Array<Layer | undefined> = [];
  const ineligible = new Map<number, string>();
  const residual = new Set<number>();
  const parent: number[] = [];
  const layouts = new Map<SymbolicTensor, Layout>();
  const uses: LayerUse[] = [];
  const batchNormsOfRoot = new Map<number, Set<Layer>>();

  const newRoot = (size: number, producer?: Layer, reason?: string): number => {
    const r = rootSize.length;
    rootSize.push(size);
    rootProducer.push(producer);
    parent.push(r);
    if (reason) ineligible.set(r, reason);
    return r;
  };
  const find = (r: number): number => {
    while (parent[r] !== r) r = parent[r] = parent[parent[r]];
    return r;
  };
  const rootLayout = (r: number): Layout => Array.from({ length: rootSize[r] }, (_, i) => code(r, i));
  const fixedLayout = (size: number, reason: string): Layout => rootLayout(newRoot(size, undefined, reason));
  const refuse = (layout: Layout, reason: string) => {
    for (const c of layout) if (!ineligible.has(rootOf(c))) ineligible.set(rootOf(c), reason);
  };
  const tie = (a: Layout, b: Layout, where: string) => {
    if (a.length !== b.length) {
      refuse(a, `'${where}' ties channel spaces of different sizes`);
      refuse(b, `'${where}' ties channel spaces of different sizes`);
      return;
    }
    for (let i = 0; i < a.length; i++) {
      const [ra, rb] = [rootOf(a[i]), rootOf(b[i])];
      if (indexOf(a[i]) !== indexOf(b[i]) || rootSize[ra] !== rootSize[rb]) {
        const why = `'${where}' ties channels at different offsets`;
        if (!ineligible.has(ra)) ineligible.set(ra, why);
        if (!ineligible.has(rb)) ineligible.set(rb, why);
        continue;
      }
      parent[find(ra)] = find(rb);
    }
  };

  const visitModel = (m: LayersModel, inputLayouts: Layout[] | undefined): Layout[] => {
    m.inputs.forEach((t, i) =>
      layouts.set(t, inputLayouts?.[i] ?? fixedLayout(lastDim(t), `'${t.sourceLayer.name}' is a model input`)),
    );
    const containerNodes = (m as unknown as { containerNodes?: Set<string> }).containerNodes;
    const pending: Array<[Layer, Node]> = [];
    for (const layer of m.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const nodes = layerInternals(layer).inboundNodes as unknown as Node[];
      // Nodes of this model's graph (a layer reused in another model has more); an unbuilt
      // Sequential has no container nodes yet, and then every node is its own.
      const own = nodes.filter(
        (_, i) => !containerNodes || containerNodes.size === 0 || containerNodes.has(`${layer.name}_ib-${i}`),
      );
      for (const node of own) pending.push([layer, node]);
      if (own.length > 1) {
        // A shared layer: its weights serve several calls; leave everything it touches alone.
        for (const node of own)
          for (const t of node.inputTensors)
            if (layouts.has(t)) refuse(layouts.get(t)!, `'${layer.name}' is called more than once`);
      }
    }
    for (let guard = 0; pending.length > 0 && guard < 100000; guard++) {
      const at = pending.findIndex(([, n]) => n.inputTensors.every((t) => layouts.has(t)));
      if (at < 0) break;
      const [layer, node] = pending.splice(at, 1)[0];
      const outs = visitLayer(
        layer,
        node.inputTensors.map((t) => layouts.get(t)!),
        node,
      );
      node.outputTensors.forEach((t, i) =>
        layouts.set(t, outs[i] ?? fixedLayout(lastDim(t), `'${layer.name}' is not understood`)),
      );
    }
    return m.outputs.map(
      (t) => layouts.get(t) ?? fixedLayout(lastDim(t), `'${t.sourceLayer.name}' output is not reached`),
    );
  };

  const visitLayer = (layer: Layer, ins: Layout[], node: Node): Layout[] => {
    const cls = layer.getClassName();
    const h = layerInternals(layer);
    const unknown = (why = `'${layer.name}' (${cls}) is not understood by the channel graph`) => {
      ins.forEach((l) => refuse(l, why));
      return node.outputTensors.map((t) => fixedLayout(lastDim(t), why));
    };
    if (Array.isArray(h.layers)) return visitModel(layer as unknown as LayersModel, ins);
    if (!channelsLast(layer)) return unknown(`'${layer.name}' is channelsFirst`);
    const withActivation = (out: Layout): Layout => {
      if (activationAtZero(layer) !== 0) refuse(out, `the activation of '${layer.name}' does not map 0 to 0`);
      return out;
    };
    const [input] = ins;
    if (PRODUCERS.has(cls) && h.kernel) {
      const kernel = h.kernel;
      const rank = kernel.shape.length;
      if (input.length !== kernel.shape[rank - 2])
        return unknown(`'${layer.name}' reads its input in a layout the channel graph does not follow`);
      const root = newRoot(kernel.shape[rank - 1], layer);
      const out = rootLayout(root);
      const weights: WeightUse[] = [
        weightUse(kernel, [
          { axis: rank - 2, layout: input, output: false },
          { axis: rank - 1, layout: out, output: true },
        ]),
      ];
      if (h.bias) weights.push(weightUse(h.bias, [{ axis: 0, layout: out, output: true }]));
      uses.push({ layer, weights, ownRoot: root });
      return [withActivation(out)];
    }
    if (cls === 'DepthwiseConv2D' && h.depthwiseKernel) {
      const mult = h.depthwiseKernel.shape[3];
      const out = input.flatMap((c) => Array.from({ length: mult }, () => c));
      const weights: WeightUse[] = [weightUse(h.depthwiseKernel, [{ axis: 2, layout: input, output: true }])];
      if (h.bias) weights.push(weightUse(h.bias, [{ axis: 0, layout: out, output: true }]));
      uses.push({ layer, weights });
      return [withActivation(out)];
    }
    if (cls === 'SeparableConv2D' && h.depthwiseKernel && h.pointwiseKernel) {
      const mult = h.depthwiseKernel.shape[3];
      const middle = input.flatMap((c) => Array.from({ length: mult }, () => c));
      const root = newRoot(h.pointwiseKernel.shape[3], layer);
      const out = rootLayout(root);
      const weights: WeightUse[] = [
        weightUse(h.depthwiseKernel, [{ axis: 2, layout: input, output: false }]),
        weightUse(h.pointwiseKernel, [
          { axis: 2, layout: middle, output: false },
          { axis: 3, layout: out, output: true },
        ]),
      ];
      if (h.bias) weights.push(weightUse(h.bias, [{ axis: 0, layout: out, output: true }]));
      uses.push({ layer, weights, ownRoot: root });
      return [withActivation(out)];
    }
    if (cls === 'BatchNormalization') {
      const axis = h.axis;
      const rank = node.inputTensors[0].shape.length;
      if (axis !== -1 && axis !== rank - 1)
        return unknown(`'${layer.name}' normalizes an axis other than the channels`);
      const weights: WeightUse[] = [];
      for (const [v, output] of [
        [h.gamma, true],
        [h.beta, true],
        [h.movingMean, false],
        [h.movingVariance, false],
      ] as const) {
        if (v) weights.push(weightUse(v, [{ axis: 0, layout: input, output }]));
      }
      uses.push({ layer, weights });
      for (const c of input) {
        const set = batchNormsOfRoot.get(rootOf(c)) ?? new Set();
        set.add(layer);
        batchNormsOfRoot.set(rootOf(c), set);
      }
      return [input];
    }
    if (PASS_THROUGH.has(cls)) return [withActivation(input)];
    if (cls === 'Flatten' || (cls === 'Reshape' && node.outputTensors[0].shape.length === 2)) {
      const positions = lastDim(node.outputTensors[0]) / Math.max(input.length, 1);
      if (!Number.isInteger(positions)) return unknown();
      return [Array.from({ length: positions }, () => input).flat()];
    }
    if (MERGES.has(cls)) {
      for (const l of ins) for (const c of l) residual.add(rootOf(c));
      for (const l of ins.slice(1)) tie(input, l, layer.name);
      return [input];
    }
    if (cls === 'Concatenate') {
      const axis = (layer as unknown as { axis: number }).axis;
      const rank = node.outputTensors[0].shape.length;
      if (axis === -1 || axis === rank - 1) return [ins.flat()];
      for (const l of ins.slice(1)) tie(input, l, layer.name);
      return [input];
    }
    return unknown();
  };

  const outputs = visitModel(model, undefined);
  // The most basic reason wins over any other: the model's outputs keep their shape.
  model.outputs.forEach((t, i) =>
    outputs[i].forEach((c) => ineligible.set(rootOf(c), `'${t.sourceLayer.name}' produces a model output`)),
  );

  // Groups: the union-find classes; one reason or residual flag spoils or marks the whole class.
  const byRoot = new Map<number, number[]>();
  rootSize.forEach((_, r) => byRoot.set(find(r), [...(byRoot.get(find(r)) ?? []), r]));
  const groups: ChannelGroup[] = [];
  const groupOf = new Map<number, ChannelGroup>();
  for (const [rep, roots] of byRoot) {
    const producers = roots.map((r) => rootProducer[r]).filter((l): l is Layer => l !== undefined);
    const reason = roots.map((r) => ineligible.get(r)).find((x) => x !== undefined);
    const batchNorms = [...new Set(roots.flatMap((r) => [...(batchNormsOfRoot.get(r) ?? [])]))];
    const group: ChannelGroup = {
      id: rep,
      size: rootSize[rep],
      roots,
      producers,
      batchNorms,
      residual: roots.some((r) => residual.has(r)),
      ...(reason !== undefined
        ? { reason }
        : producers.length === 0
          ? { reason: 'no Dense/Conv layer produces it' }
          : {}),
      name: producers.map((p) => p.name).join('+') || `fixed ${rep}`,
    };
    groups.push(group);
    for (const r of roots) groupOf.set(r, group);
  }
  return { groups, uses, groupOfRoot: (r) => groupOf.get(find(r))! };
}

/** Which channels of a group are removed: root → removed indices (the same for every root of a group). */
export type Removal = Map<number, ReadonlySet<number>>;

/** Whether a channel code is removed. */
export function removed(removal: Removal, c: Code): boolean {
  return removal.get(rootOf(c))?.has(indexOf(c)) ?? false;
}
