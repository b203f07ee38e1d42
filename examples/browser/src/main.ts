// The page: backend, the committed sparse models, a digit to draw, and pruning in the browser.
// `window.l0prune` exposes the measured figures to the tests and the load benchmark.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ASSET_INDEX, type AssetIndex } from './assets.js';
import { BACKENDS, startBackend, type BackendStart } from './backend.js';
import { digitPixels, drawingSurface } from './draw-digit.js';
import { probabilities } from './evaluate.js';
import { decodeSlice, type MnistSlice } from './mnist-slice.js';
import { loadSparseModel, showModel, type LoadedModel } from './model-card.js';
import { prunePanel, type PruneOutcome } from './prune-panel.js';
import { el, errorBox } from './view.js';
import './style.css';

export interface PageApi {
  /** Settles when every panel has loaded or shown its error. */
  ready: Promise<void>;
  backend?: BackendStart;
  models: Record<string, Omit<LoadedModel, 'model' | 'asset'> | { error: string }>;
  probabilities(id: string, start: number, count: number): number[][];
  predictDrawing(): Record<string, number[]> | undefined;
  pruneTo(ratio: number, encoding?: 'float32' | 'float16' | 'uint8'): Promise<Omit<PruneOutcome, 'file'>>;
  /** Wall time (ms) to load and decode a model over HTTP, uncached: the .l0s file or tfjs' dense files. */
  timeLoad(id: string, kind: 'sparse' | 'dense'): Promise<number>;
  numTensors(): number;
}

declare global {
  interface Window {
    l0prune: PageApi;
  }
}

const $ = (id: string) => document.getElementById(id)!;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start(api: PageApi): Promise<void> {
  const requested = new URLSearchParams(location.search).get('backend') ?? 'wasm';
  const backend = await startBackend(requested);
  api.backend = backend;
  const picker = el(
    'select',
    { id: 'backend', 'aria-label': 'backend' },
    ...BACKENDS.map((b) => {
      const option = el('option', { value: b }, b);
      if (!backend.available.includes(b)) option.disabled = true;
      if (b === backend.name) option.selected = true;
      return option;
    }),
  );
  picker.addEventListener('change', () => (location.search = `?backend=${picker.value}`));
  $('backend-choice').replaceChildren(
    'tfjs backend: ',
    picker,
    backend.note ? el('span', { class: 'error' }, ` ${backend.note}`) : '',
  );

  const assets = (await (await fetch(ASSET_INDEX)).json()) as AssetIndex;
  const slice: MnistSlice = decodeSlice(await fetchBytes(assets.slice.file));
  const loaded = new Map<string, tfl.LayersModel>();
  api.probabilities = (id, begin, count) => {
    const model = loaded.get(id);
    if (!model) throw new Error(`model '${id}' is not loaded; loaded: ${[...loaded.keys()].join(', ') || 'none'}`);
    return probabilities(model, slice, begin, count);
  };

  const cards = $('models');
  // One after the other: the load and inference times shown are each model's own.
  const cardOf = new Map(
    assets.models.map((asset) => [
      asset,
      el('section', { class: 'card', id: `model-${asset.id}` }, el('h3', {}, asset.title)),
    ]),
  );
  cards.replaceChildren(...cardOf.values());
  for (const [asset, card] of cardOf) {
    try {
      const { model, asset: _asset, ...figures } = await showModel(card, asset, slice);
      loaded.set(asset.id, model);
      api.models[asset.id] = figures;
    } catch (error) {
      api.models[asset.id] = { error: String(error) };
    }
  }

  api.timeLoad = async (id, kind) => {
    const asset = assets.models.find((m) => m.id === id);
    if (!asset) throw new Error(`no model '${id}'; models: ${assets.models.map((m) => m.id).join(', ')}`);
    const t0 = performance.now();
    const model =
      kind === 'sparse'
        ? (await loadSparseModel(asset.file)).model
        : await tfl.loadLayersModel(asset.denseModel, { requestInit: { cache: 'no-store' } });
    const elapsed = performance.now() - t0;
    model.dispose();
    return elapsed;
  };

  const canvas = $('digit') as HTMLCanvasElement;
  const predictionsOut = $('digit-predictions');
  api.predictDrawing = () => {
    const pixels = digitPixels(canvas);
    if (!pixels) return undefined;
    const out: Record<string, number[]> = {};
    for (const [id, model] of loaded) {
      const shape = model.inputs[0].shape.length === 2 ? [1, 784] : [1, 28, 28, 1];
      out[id] = tf.tidy(() => (model.predict(tf.tensor(pixels, shape)) as tf.Tensor).arraySync() as number[][])[0];
    }
    return out;
  };
  const surface = drawingSurface(canvas, () => {
    const predicted = api.predictDrawing();
    predictionsOut.replaceChildren(
      ...Object.entries(predicted ?? {}).map(([id, p]) => {
        const digit = p.indexOf(Math.max(...p));
        const title = assets.models.find((m) => m.id === id)?.title ?? id;
        return el(
          'p',
          { 'data-model': id, 'data-digit': String(digit) },
          `${title}: `,
          el('strong', {}, String(digit)),
          ` (${(100 * p[digit]).toFixed(1)}%)`,
        );
      }),
    );
  });
  $('digit-clear').addEventListener('click', () => {
    surface.clear();
    predictionsOut.replaceChildren();
  });

  const panel = $('prune');
  try {
    const { pruneTo } = await prunePanel(panel, assets, slice);
    api.pruneTo = async (ratio, encoding) => {
      const { file: _file, ...outcome } = await pruneTo(ratio, encoding);
      return outcome;
    };
  } catch (error) {
    panel.replaceChildren(errorBox(`Could not load ${assets.denseForPruning.model}`, error));
  }
}

const api: PageApi = {
  ready: Promise.resolve(),
  models: {},
  probabilities: () => [],
  predictDrawing: () => undefined,
  pruneTo: () => Promise.reject(new Error('the prune panel has not loaded')),
  timeLoad: () => Promise.reject(new Error('the page has not loaded')),
  numTensors: () => tf.memory().numTensors,
};
window.l0prune = api;
api.ready = start(api).then(
  () => {
    document.body.dataset.state = 'ready';
  },
  (error) => {
    document.body.dataset.state = 'error';
    $('models').replaceChildren(errorBox('The page could not start', error));
    console.error(error);
  },
);
