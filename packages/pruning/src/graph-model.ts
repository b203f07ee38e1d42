import { describeValue, isGraphModel as isCoreGraphModel, type PrunableRole } from '@l0prune/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * What l0prune reads of a tfjs-converter `GraphModel` (the converter is an optional peer: it is
 * recognized by shape, never imported). Its weights are the graph's constants, by node name.
 */
/** A GraphModel's weights: constant node name → its tensors (tfjs-converter's NamedTensorsMap). */
export type GraphWeights = Record<string, tf.Tensor[]>;

export interface GraphModelLike {
  readonly weights: GraphWeights;
  executeAsync(...args: never[]): unknown;
}

/** GraphModel internals that pruning must update: the executor's weights and the artifacts `save` writes. */
interface GraphModelInternals {
  executor: { weightMap: GraphWeights };
  artifacts?: tf.io.ModelArtifacts;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

/** Ops whose constant inputs at these positions are multiplicative weights (φ of a graph). */
const WEIGHT_INPUTS: Record<string, { inputs: number[]; role: PrunableRole }> = {
  Conv1D: { inputs: [1], role: 'kernel' },
  Conv2D: { inputs: [1], role: 'kernel' },
  Conv3D: { inputs: [1], role: 'kernel' },
  _FusedConv2D: { inputs: [1], role: 'kernel' },
  Conv2DBackpropInput: { inputs: [1], role: 'kernel' },
  DepthwiseConv2d: { inputs: [1], role: 'depthwiseKernel' },
  DepthwiseConv2dNative: { inputs: [1], role: 'depthwiseKernel' },
  FusedDepthwiseConv2dNative: { inputs: [1], role: 'depthwiseKernel' },
  MatMul: { inputs: [0, 1], role: 'kernel' },
  BatchMatMul: { inputs: [0, 1], role: 'kernel' },
  BatchMatMulV2: { inputs: [0, 1], role: 'kernel' },
  _FusedMatMul: { inputs: [0, 1], role: 'kernel' },
};

/** One weight of φ in a graph: a float32 constant feeding a conv or matmul. */
export interface GraphWeight {
  /** The weight's name in `graphModel.weights` (its Const node). */
  name: string;
  /** The op node it feeds (first one, if shared): reports and `layers` options use it. */
  opName: string;
  op: string;
  role: PrunableRole;
  tensor: tf.Tensor;
}

/** A tfjs-converter GraphModel (recognized by shape, as core's `isGraphModel`). */
export function isGraphModel(model: unknown): model is GraphModelLike {
  return isCoreGraphModel(model);
}

function internals(model: GraphModelLike): GraphModelInternals {
  return model as unknown as GraphModelInternals;
}

function graphNodes(model: GraphModelLike, who: string): GraphNode[] {
  const topology = internals(model).artifacts?.modelTopology as { node?: GraphNode[] } | ArrayBuffer | undefined;
  if (topology == null || topology instanceof ArrayBuffer || !Array.isArray(topology.node)) {
    throw new Error(
      `${who}: the GraphModel has no JSON graph to read its weights' ops from (binary or missing topology); ` +
        'load it from a model.json (tensorflowjs_converter output) with tf.loadGraphModel',
    );
  }
  return topology.node;
}

/**
 * The prunable weights φ of a GraphModel: float32 constants at the filter/matrix inputs of
 * Conv1D/2D/3D, depthwise convs, MatMul/BatchMatMul and their fused forms (through Identity
 * nodes). Biases, BatchNorm constants and shape constants are never included.
 */
export function graphPrunableWeights(model: GraphModelLike, who = 'prune'): GraphWeight[] {
  const nodes = graphNodes(model, who);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const weights = model.weights;
  const source = (input: string): string => {
    let name = input.replace(/^\^/, '').replace(/:\d+$/, '');
    for (let hops = 0; byName.get(name)?.op === 'Identity' && hops < 16; hops++)
      name = byName.get(name)!.input![0].replace(/:\d+$/, '');
    return name;
  };
  const found = new Map<string, GraphWeight>();
  for (const node of nodes) {
    const spec = WEIGHT_INPUTS[node.op];
    if (!spec) continue;
    for (const i of spec.inputs) {
      const input = node.input?.[i];
      if (input === undefined) continue;
      const name = source(input);
      const tensor = weights[name]?.[0];
      if (tensor === undefined || tensor.dtype !== 'float32' || found.has(name)) continue;
      found.set(name, { name, opName: node.name, op: node.op, role: spec.role, tensor });
    }
  }
  return [...found.values()];
}

/** Every float32 weight of the graph (for parameter counts: shape and index constants are left out). */
export function graphFloatWeights(model: GraphModelLike): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, list] of Object.entries(model.weights)) if (list?.[0]?.dtype === 'float32') out.set(name, list[0]);
  return out;
}

/**
 * Replaces weights of a GraphModel: in the executor (so `predict` uses them) and in the
 * artifacts `graphModel.save` writes (so the saved file has them). Replaced weights are stored
 * float32 in the artifacts (a quantized spec could not keep an exact zero); the others keep
 * their bytes and quantization.
 */
export function setGraphWeights(model: GraphModelLike, values: Map<string, tf.Tensor>): void {
  const { executor, artifacts } = internals(model);
  if (artifacts?.weightSpecs && artifacts.weightData) rewriteArtifacts(artifacts, values);
  const map: GraphWeights = { ...executor.weightMap };
  const old: tf.Tensor[] = [];
  for (const [name, tensor] of values) {
    old.push(...(map[name] ?? []));
    map[name] = [tensor];
  }
  // The setter records the weights' tensor ids, which execution must never dispose.
  executor.weightMap = map;
  tf.dispose(old);
}

function specBytes(spec: tf.io.WeightsManifestEntry, data: Uint8Array, offset: number): number {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) return n * (spec.quantization.dtype === 'uint8' ? 1 : 2);
  if (spec.dtype === 'bool') return n;
  if (spec.dtype === 'string') {
    // tfjs encodes each string as a 4-byte little-endian length, then its bytes.
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let at = offset;
    for (let i = 0; i < n; i++) at += 4 + view.getUint32(at, true);
    return at - offset;
  }
  return n * 4;
}

function rewriteArtifacts(artifacts: tf.io.ModelArtifacts, values: Map<string, tf.Tensor>): void {
  const data = new Uint8Array(
    Array.isArray(artifacts.weightData) ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : artifacts.weightData!,
  );
  const parts: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs!) {
    const size = specBytes(spec, data, offset);
    const replaced = values.get(spec.name);
    if (replaced) {
      const { quantization: _dropped, ...plain } = spec;
      specs.push({ ...plain, dtype: 'float32' });
      const floats = replaced.dataSync() as Float32Array;
      parts.push(new Uint8Array(floats.buffer.slice(floats.byteOffset, floats.byteOffset + floats.byteLength)));
    } else {
      specs.push(spec);
      parts.push(data.subarray(offset, offset + size));
    }
    offset += size;
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  artifacts.weightSpecs = specs;
  artifacts.weightData = out.buffer;
}

/** The error for what only a LayersModel can do (NP, shrink, training). */
export function layersModelOnly(what: string, got: unknown): Error {
  return new TypeError(
    `${what} needs a tfjs LayersModel${
      isGraphModel(got)
        ? ': a converted GraphModel has no layers to train or cut whole neurons from; ' +
          'on a GraphModel use prune with globalMagnitude(), layerwiseMagnitude() or randomPruning()'
        : `, got ${describeValue(got)}`
    }`,
  );
}
