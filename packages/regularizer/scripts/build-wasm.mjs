// Compiles wasm/attraction.wat into src/attraction-wasm.ts (the bytes, base64), so the package
// ships no .wasm file and needs no bundler support. `--check` fails if the committed file is stale.
// Run: pnpm --filter @l0prune/regularizer build:wasm
import { readFileSync, writeFileSync } from 'node:fs';
import initWabt from 'wabt';

const wabt = await initWabt();
const source = readFileSync(new URL('../wasm/attraction.wat', import.meta.url), 'utf8');
const module = wabt.parseWat('attraction.wat', source, { simd: true });
const { buffer } = module.toBinary({});
module.destroy();
const text = `// Generated from wasm/attraction.wat by scripts/build-wasm.mjs; do not edit.
export const ATTRACTION_WASM_BASE64 =
  '${Buffer.from(buffer).toString('base64')}';
`;
const target = new URL('../src/attraction-wasm.ts', import.meta.url);
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== text) {
    console.error('src/attraction-wasm.ts is stale: run pnpm --filter @l0prune/regularizer build:wasm');
    process.exit(1);
  }
} else writeFileSync(target, text);
console.log(`attraction.wasm: ${buffer.length} bytes`);
