// The Node side of the browser tests: the same files, decoded by the same packages, on the same
// (wasm) backend as the page, so the two can be compared number for number.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { chooseBackend } from '@l0prune/backend';
import { decodeSparse } from '@l0prune/sparse-io';
import type { AssetIndex } from '../src/assets.js';
import { decodeSlice, type MnistSlice } from '../src/mnist-slice.js';

export const EXAMPLE_ROOT = join(import.meta.dirname, '..');
const PUBLIC = join(EXAMPLE_ROOT, 'public');

export async function startNodeBackend(): Promise<void> {
  await chooseBackend({ backend: 'wasm', log: () => {} });
}

export function readAssets(): AssetIndex {
  return JSON.parse(readFileSync(join(PUBLIC, 'generated', 'assets.json'), 'utf8')) as AssetIndex;
}

export function readSlice(assets: AssetIndex): MnistSlice {
  return decodeSlice(new Uint8Array(readFileSync(join(PUBLIC, assets.slice.file))));
}

export async function loadSparseBytes(bytes: Uint8Array): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(tf.io.fromMemory(decodeSparse(bytes)));
}

export async function loadServedModel(file: string): Promise<tfl.LayersModel> {
  return loadSparseBytes(new Uint8Array(readFileSync(join(PUBLIC, file))));
}
