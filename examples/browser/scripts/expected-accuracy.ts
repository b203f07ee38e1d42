// Computes, in Node, each committed sparse model's accuracy on the page's MNIST slice and commits
// it (expected-accuracy.json): the browser test checks the page shows these same figures.
// Run: pnpm --filter ./examples/browser build && pnpm --filter ./examples/browser expected
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accuracy } from '../src/evaluate.js';
import { EXAMPLE_ROOT, loadServedModel, readAssets, readSlice, startNodeBackend } from '../test/node-side.js';

await startNodeBackend();
const assets = readAssets();
const slice = readSlice(assets);
const expected: Record<string, { source: string; images: number; accuracy: number }> = {};
for (const asset of assets.models) {
  const model = await loadServedModel(asset.file);
  expected[asset.id] = { source: asset.source, images: slice.count, accuracy: accuracy(model, slice) };
  model.dispose();
}
writeFileSync(join(EXAMPLE_ROOT, 'expected-accuracy.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(expected);
