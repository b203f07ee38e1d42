import { SparseFormatError } from './errors.js';
import type { Manifest } from './format.js';

type Config = Record<string, unknown>;
interface LayerEntry {
  className: string;
  config: Config;
}

/** The shape a weight of this layer must have, where the layer's config fixes it (null: a free dimension). */
function expectedShape(layer: LayerEntry, attr: string): (number | null)[] | undefined {
  const c = layer.config;
  const int = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : undefined);
  const kernelSize = (rank: number) => {
    const k = c.kernel_size;
    const list = Array.isArray(k) ? k : Array.from({ length: rank }, () => k);
    return list.length === rank && list.every((d) => Number.isSafeInteger(d)) ? (list as number[]) : undefined;
  };
  switch (layer.className) {
    case 'Dense': {
      const units = int(c.units);
      if (units === undefined) return undefined;
      if (attr === 'kernel') return [null, units];
      if (attr === 'bias') return [units];
      return undefined;
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D': {
      const rank = Number(layer.className[4]);
      const filters = int(c.filters);
      const ks = kernelSize(rank);
      if (filters === undefined || ks === undefined) return undefined;
      if (attr === 'kernel') return [...ks, null, filters];
      if (attr === 'bias') return [filters];
      return undefined;
    }
    case 'DepthwiseConv2D': {
      const ks = kernelSize(2);
      const mult = int(c.depth_multiplier) ?? 1;
      if (ks === undefined) return undefined;
      return attr === 'depthwise_kernel' ? [...ks, null, mult] : undefined;
    }
    case 'Embedding': {
      const inDim = int(c.input_dim);
      const outDim = int(c.output_dim);
      return attr === 'embeddings' && inDim !== undefined && outDim !== undefined ? [inDim, outDim] : undefined;
    }
    default:
      return undefined;
  }
}

/** Every layer config of a Keras-style topology, nested models included, by layer name. */
function layersOf(topology: unknown): Map<string, LayerEntry> {
  const out = new Map<string, LayerEntry>();
  const visit = (node: unknown, depth: number): void => {
    if (node == null || typeof node !== 'object' || depth > 64) return;
    const { class_name: className, config } = node as { class_name?: unknown; config?: unknown };
    if (typeof className === 'string' && config != null && typeof config === 'object') {
      const c = config as Config;
      if (typeof c.name === 'string' && !Array.isArray(c.layers)) out.set(c.name, { className, config: c });
      const layers = Array.isArray(c) ? c : c.layers;
      if (Array.isArray(layers)) layers.forEach((l) => visit(l, depth + 1));
    }
    const modelConfig = (node as { model_config?: unknown }).model_config;
    if (modelConfig) visit(modelConfig, depth + 1);
  };
  visit(topology, 0);
  return out;
}

/** The declared shape of each Const node of a GraphModel topology, by node name. */
function graphConstShapes(topology: unknown): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const nodes = (topology as { node?: unknown }).node;
  if (!Array.isArray(nodes)) return out;
  for (const n of nodes as Array<{
    name?: unknown;
    op?: unknown;
    attr?: { value?: { tensor?: { tensorShape?: { dim?: Array<{ size?: unknown }> } } } };
  }>) {
    if (n?.op !== 'Const' || typeof n.name !== 'string') continue;
    const dims = n.attr?.value?.tensor?.tensorShape?.dim;
    if (Array.isArray(dims))
      out.set(
        n.name,
        dims.map((d) => Number(d?.size ?? 0)),
      );
  }
  return out;
}

/**
 * The manifest's model weights against the shapes the topology fixes (Dense units, conv filters
 * and kernel sizes, embedding sizes, a graph's Const shapes), before any tensor is built: a
 * file whose weights do not fit its own topology is refused, not half-loaded.
 */
export function checkTopology(m: Manifest): void {
  const topology = m.modelTopology;
  if (topology == null || typeof topology !== 'object') return;
  const layers = layersOf(topology);
  const consts = graphConstShapes(topology);
  for (const w of m.weights) {
    if (w.group === 'optimizer') continue;
    const graphShape = consts.get(w.name);
    let expected: (number | null)[] | undefined = graphShape;
    let owner = graphShape ? `the graph's Const node '${w.name}'` : '';
    if (!expected) {
      const slash = w.name.lastIndexOf('/');
      const layer = slash > 0 ? layers.get(w.name.slice(0, slash)) : undefined;
      if (layer) {
        expected = expectedShape(layer, w.name.slice(slash + 1).replace(/_\d+$/, ''));
        owner = `the topology's ${layer.className} layer '${layer.config.name as string}'`;
      }
    }
    if (!expected) continue;
    const fits = expected.length === w.shape.length && expected.every((d, i) => d === null || d === w.shape[i]);
    if (!fits) {
      throw new SparseFormatError(
        'BAD_MANIFEST',
        `manifest: weight '${w.name}' has shape [${w.shape.join(', ')}] but ` +
          `${owner} fixes [${expected.map((d) => d ?? '*').join(', ')}]`,
      );
    }
  }
}
