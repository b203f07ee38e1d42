// Prune in the browser: a dense trained model, a compression-ratio slider, global magnitude
// pruning (GP) run in the page, accuracy and the .l0s size updated, and the pruned file to download.
import * as tfl from '@tensorflow/tfjs-layers';
import { countParameters } from '@l0prune/core';
import { globalMagnitude, prune } from '@l0prune/pruning';
import { encodeSparse, VALUE_ENCODINGS, type ValueEncoding } from '@l0prune/sparse-io';
import { artifactsOf } from './artifacts.js';
import type { AssetIndex } from './assets.js';
import { accuracy } from './evaluate.js';
import type { MnistSlice } from './mnist-slice.js';
import { el, kib, ms } from './view.js';

/** The slider's stops: compression ratios (all weights / nonzero weights; 1 = the dense model). */
export const RATIOS = [1, 2, 5, 10, 20, 30, 50, 70, 90, 120, 150, 200, 300];

export interface PruneOutcome {
  ratio: number;
  encoding: ValueEncoding;
  accuracy: number;
  nonzero: number;
  total: number;
  bytes: number;
  pruneMs: number;
  file: Uint8Array;
}

export async function prunePanel(
  root: HTMLElement,
  assets: AssetIndex,
  slice: MnistSlice,
): Promise<{ pruneTo(ratio: number, encoding?: ValueEncoding): Promise<PruneOutcome> }> {
  const dense = assets.denseForPruning;
  const model = await tfl.loadLayersModel(dense.model, { requestInit: { cache: 'no-store' } });
  const original = model.getWeights().map((w) => w.clone());
  const denseAccuracy = accuracy(model, slice);

  const slider = el('input', {
    type: 'range',
    min: '0',
    max: String(RATIOS.length - 1),
    step: '1',
    value: '0',
    id: 'prune-ratio',
    'aria-label': 'compression ratio',
  });
  const ratioLabel = el('output', { id: 'prune-ratio-label' }, '1×');
  const encoding = el(
    'select',
    { id: 'prune-encoding', 'aria-label': 'value encoding' },
    ...VALUE_ENCODINGS.map((e) => el('option', { value: e }, e)),
  );
  const result = el('div', { id: 'prune-result', 'aria-live': 'polite' });
  const download = el('a', { id: 'prune-download', class: 'button', role: 'button' }, 'Download .l0s');
  root.replaceChildren(
    el(
      'p',
      {},
      `${dense.title}: tfjs dense files ${kib(dense.bytes)}, accuracy ${denseAccuracy.toFixed(1)}% ` +
        `on the ${slice.count} test images. Global magnitude pruning (GP) runs in this page; no fine-tuning.`,
    ),
    el('label', {}, 'compression ratio ', slider, ' ', ratioLabel),
    el('label', {}, ' values ', encoding),
    result,
    download,
  );

  let url: string | undefined;
  let busy = Promise.resolve<unknown>(undefined);
  const pruneTo = async (
    ratio: number,
    valueEncoding: ValueEncoding = encoding.value as ValueEncoding,
  ): Promise<PruneOutcome> => {
    const t0 = performance.now();
    model.setWeights(original);
    // GP keeps earlier zeros, so each ratio starts again from the dense weights.
    if (ratio > 1) prune(model, globalMagnitude(), { compressionRatio: ratio });
    const pruneMs = performance.now() - t0;
    const counts = countParameters(model);
    const file = encodeSparse(await artifactsOf(model), { values: valueEncoding });
    const outcome = {
      ratio,
      encoding: valueEncoding,
      accuracy: accuracy(model, slice),
      nonzero: counts.nonzero,
      total: counts.total,
      bytes: file.length,
      pruneMs,
      file,
    };
    result.replaceChildren(
      el('span', { 'data-testid': 'prune-accuracy' }, `accuracy ${outcome.accuracy.toFixed(1)}%`),
      ' · ',
      el(
        'span',
        { 'data-testid': 'prune-nonzero' },
        `${outcome.nonzero.toLocaleString('en-US')} of ${outcome.total.toLocaleString('en-US')} weights nonzero`,
      ),
      ' · ',
      el(
        'span',
        { 'data-testid': 'prune-bytes' },
        `.l0s ${kib(outcome.bytes)} (${(dense.bytes / outcome.bytes).toFixed(1)}× smaller than the dense files)`,
      ),
      ' · ',
      `pruned in ${ms(pruneMs)}`,
    );
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([file as BlobPart], { type: 'application/octet-stream' }));
    download.setAttribute('href', url);
    download.setAttribute('download', `lenet300-${ratio}x-${valueEncoding}.l0s`);
    root.dataset.ratio = String(ratio);
    root.dataset.nonzero = String(outcome.nonzero);
    return outcome;
  };
  const update = () => {
    ratioLabel.value = `${RATIOS[Number(slider.value)]}×`;
    root.dataset.state = 'pruning';
    busy = busy
      .then(() => pruneTo(RATIOS[Number(slider.value)]))
      .then(
        () => (root.dataset.state = 'ready'),
        (error) => {
          root.dataset.state = 'error';
          result.replaceChildren(String(error));
          console.error(error);
        },
      );
  };
  slider.addEventListener('input', update);
  encoding.addEventListener('change', update);
  update();
  await busy;
  return { pruneTo };
}
