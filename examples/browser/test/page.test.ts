// The page in Debian's Chromium (playwright-core), against the same files decoded in Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countParameters } from '@l0prune/core';
import { collectPageErrors, launchChromium, serveBuild, type StaticServer } from '@l0prune/testing/browser';
import type { AssetIndex } from '../src/assets.js';
import { accuracy, probabilities } from '../src/evaluate.js';
import { RATIOS } from '../src/prune-panel.js';
import type { MnistSlice } from '../src/mnist-slice.js';
import {
  EXAMPLE_ROOT,
  loadServedModel,
  loadSparseBytes,
  readAssets,
  readSlice,
  startNodeBackend,
} from './node-side.js';

let server: StaticServer;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let assets: AssetIndex;
let slice: MnistSlice;
const served: string[] = [];

beforeAll(async () => {
  await startNodeBackend();
  assets = readAssets();
  slice = readSlice(assets);
  server = await serveBuild(EXAMPLE_ROOT);
  browser = await launchChromium();
  page = await browser.newPage({ acceptDownloads: true });
  page.on('response', (r) => served.push(`${r.status()} ${new URL(r.url()).pathname}`));
  pageErrors = collectPageErrors(page);
  await page.goto(server.url);
  await page.evaluate(() => window.l0prune.ready);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the page in Chromium', () => {
  it('loads with no console error, on wasm, both models read from .l0s over HTTP', async () => {
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => window.l0prune.backend?.name)).toBe('wasm');
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    for (const asset of assets.models) {
      expect(served).toContain(`200 /${asset.file}`);
      expect(await page.getAttribute(`#model-${asset.id}`, 'data-state')).toBe('loaded');
    }
    // The page shows what the user cares about: sizes against the dense files, sparsity, times.
    const text = await page.textContent('#model-lenet300');
    expect(text).toMatch(/smaller than tfjs' dense/);
    expect(text).toMatch(/load \+ decode\s*[\d.]+ ms/);
    expect(text).toMatch(/per-layer sparsity/);
  });

  it('predicts the fixed test images exactly as Node does from the same files', async () => {
    for (const asset of assets.models) {
      const model = await loadServedModel(asset.file);
      const inNode = probabilities(model, slice, 0, 32);
      const inPage = await page.evaluate(([id]) => window.l0prune.probabilities(id, 0, 32), [asset.id] as const);
      expect(inPage).toEqual(inNode);
      model.dispose();
    }
  });

  it('shows the committed accuracy on the shipped slice', async () => {
    const expected = JSON.parse(readFileSync(join(EXAMPLE_ROOT, 'expected-accuracy.json'), 'utf8')) as Record<
      string,
      { accuracy: number; source: string }
    >;
    for (const asset of assets.models) {
      const figures = await page.evaluate(([id]) => window.l0prune.models[id], [asset.id] as const);
      expect(figures).toHaveProperty('accuracy');
      expect(expected[asset.id].source).toBe(asset.source);
      expect((figures as { accuracy: number }).accuracy).toBe(expected[asset.id].accuracy);
      expect(await page.getAttribute(`#model-${asset.id}`, 'data-accuracy')).toBe(
        expected[asset.id].accuracy.toFixed(1),
      );
      // …and the committed figure is still what Node computes today.
      const model = await loadServedModel(asset.file);
      expect(accuracy(model, slice)).toBe(expected[asset.id].accuracy);
      model.dispose();
    }
  });

  it('predicts a drawn digit with each model', async () => {
    const box = (await page.locator('#digit').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
    await page.mouse.up();
    for (const asset of assets.models) {
      await expect
        .poll(() => page.getAttribute(`#digit-predictions [data-model="${asset.id}"]`, 'data-digit'))
        .toBe('1');
    }
    await page.click('#digit-clear');
    expect(await page.locator('#digit-predictions p').count()).toBe(0);
  });

  it('prunes in the page: the downloaded file loads in Node with the reported nonzero count and accuracy', async () => {
    const ratio = 90;
    await page.locator('#prune-ratio').fill(String(RATIOS.indexOf(ratio)));
    await page.waitForSelector(`#prune[data-state="ready"][data-ratio="${ratio}"]`);
    const reported = Number(await page.getAttribute('#prune', 'data-nonzero'));
    const accuracyText = (await page.textContent('[data-testid="prune-accuracy"]'))!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#prune-download')]);
    expect(download.suggestedFilename()).toBe(`lenet300-${ratio}x-float32.l0s`);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    expect((await page.textContent('[data-testid="prune-bytes"]'))!).toContain(
      `${(bytes.length / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`,
    );
    const model: tfl.LayersModel = await loadSparseBytes(bytes);
    const counts = countParameters(model);
    expect(counts.nonzero).toBe(reported);
    expect(counts.total / counts.nonzero).toBeGreaterThanOrEqual(ratio * 0.99);
    expect(accuracyText).toBe(`accuracy ${accuracy(model, slice).toFixed(1)}%`);
    model.dispose();
  });

  it('pruning again and again leaks no tensor in the page', async () => {
    await page.evaluate(() => window.l0prune.pruneTo(20));
    const before = await page.evaluate(() => window.l0prune.numTensors());
    for (const ratio of [50, 10, 200]) await page.evaluate((r) => window.l0prune.pruneTo(r), ratio);
    expect(await page.evaluate(() => window.l0prune.numTensors())).toBe(before);
  });

  it('shows a clear error in the page for a corrupted .l0s file, and still loads the other model', async () => {
    const p = await browser.newPage();
    const errors = collectPageErrors(p);
    const file = assets.models.find((m) => m.id === 'lenet5')!.file;
    const good = new Uint8Array(readFileSync(join(EXAMPLE_ROOT, 'public', file)));
    const corrupted = good.slice();
    corrupted[Math.floor(corrupted.length / 2)] ^= 0xff;
    await p.route(`**/${file}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(corrupted) }),
    );
    await p.goto(server.url);
    await p.evaluate(() => window.l0prune.ready);
    const alert = p.locator('#model-lenet5 [role="alert"]');
    await expect.poll(() => alert.count()).toBe(1);
    const message = (await alert.textContent())!;
    expect(message).toContain(`Could not load ${file}`);
    expect(message).toMatch(/SparseFormatError: .*(checksum|CRC|corrupt)/i);
    expect(await p.getAttribute('#model-lenet300', 'data-state')).toBe('loaded');
    expect(errors).toEqual([]);
    await p.close();
  });

  it('refuses an unknown backend name in the URL, naming the valid ones', async () => {
    const p = await browser.newPage();
    await p.goto(`${server.url}?backend=tpu`);
    await p.evaluate(() => window.l0prune.ready);
    expect(await p.textContent('#models [role="alert"]')).toMatch(
      /backend must be one of wasm, webgl, webgpu, cpu; got 'tpu'/,
    );
    await p.close();
  });
});
