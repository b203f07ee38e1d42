// One committed sparse model in the page: loaded from its .l0s file over HTTP through the
// sparse-io handler, with its size against tfjs' dense files, per-layer sparsity, load and
// inference time and accuracy on the shipped slice.
import * as tfl from '@tensorflow/tfjs-layers';
import { countParameters } from '@l0prune/core';
import { sparseHttpHandler } from '@l0prune/sparse-io';
import type { SparseModelAsset } from './assets.js';
import { accuracy, inferenceMs } from './evaluate.js';
import type { MnistSlice } from './mnist-slice.js';
import { el, errorBox, kib, ms, table } from './view.js';

export interface LoadedModel {
  asset: SparseModelAsset;
  model: tfl.LayersModel;
  loadMs: number;
  accuracy: number;
  inferenceMs: { one: number; batch: number };
  nonzero: number;
  total: number;
}

export async function loadSparseModel(url: string): Promise<{ model: tfl.LayersModel; loadMs: number }> {
  const t0 = performance.now();
  // no-store: the time shown is a real load, not the HTTP cache's.
  const model = await tfl.loadLayersModel(sparseHttpHandler(url, { requestInit: { cache: 'no-store' } }));
  return { model, loadMs: performance.now() - t0 };
}

/** Loads and measures one model into `card`; on failure the card shows the error and this rethrows. */
export async function showModel(card: HTMLElement, asset: SparseModelAsset, slice: MnistSlice): Promise<LoadedModel> {
  card.replaceChildren(el('h3', {}, asset.title), el('p', { class: 'muted' }, `loading ${asset.file} …`));
  let loaded: LoadedModel;
  try {
    const { model, loadMs } = await loadSparseModel(asset.file);
    const counts = countParameters(model);
    loaded = {
      asset,
      model,
      loadMs,
      accuracy: accuracy(model, slice),
      inferenceMs: { one: await inferenceMs(model, slice, 1), batch: await inferenceMs(model, slice, 100) },
      nonzero: counts.nonzero,
      total: counts.total,
    };
    const layers = table(
      ['layer', 'nonzero / weights', 'kept'],
      counts.layers.map((l) => [
        l.layerName,
        `${l.nonzero.toLocaleString('en-US')} / ${l.total.toLocaleString('en-US')}`,
        `${((100 * l.nonzero) / l.total).toFixed(2)}%`,
      ]),
    );
    card.replaceChildren(
      el('h3', {}, asset.title),
      table(undefined, [
        [
          '.l0s file',
          `${kib(asset.bytes)} (${(asset.denseBytes / asset.bytes).toFixed(0)}× smaller than tfjs' dense ` +
            `${kib(asset.denseBytes)})`,
        ],
        [
          'compression',
          `${(counts.total / counts.nonzero).toFixed(1)}× ` +
            `(${counts.nonzero.toLocaleString('en-US')} of ${counts.total.toLocaleString('en-US')} weights nonzero)`,
        ],
        ['load + decode', ms(loadMs)],
        ['inference', `${ms(loaded.inferenceMs.one)} for 1 image, ${ms(loaded.inferenceMs.batch)} for 100`],
        [`accuracy on ${slice.count} test images`, `${loaded.accuracy.toFixed(1)}%`],
        ['committed test error (10,000 images)', `${asset.testError.toFixed(2)}%`],
      ]),
      el('details', {}, el('summary', {}, 'per-layer sparsity'), layers),
    );
    card.dataset.state = 'loaded';
    card.dataset.accuracy = loaded.accuracy.toFixed(1);
    return loaded;
  } catch (error) {
    card.replaceChildren(el('h3', {}, asset.title), errorBox(`Could not load ${asset.file}`, error));
    card.dataset.state = 'error';
    throw error;
  }
}
