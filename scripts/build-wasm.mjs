// Compiles a package's wasm/<name>.wat into src/<name>-wasm.ts (the bytes, base64, as <NAME>_WASM_BASE64), so the
// package ships no .wasm file and needs no bundler support. `--check` fails if the committed file is stale.
// Run from a package: node ../../scripts/build-wasm.mjs <name> [--check]   (its `build:wasm` script)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initWabt from 'wabt';

const [name, flag] = process.argv.slice(2);
if (!name || (flag && flag !== '--check')) {
  console.error('usage: build-wasm.mjs <name> [--check]   (compiles wasm/<name>.wat into src/<name>-wasm.ts)');
  process.exit(2);
}
const wabt = await initWabt();
const source = readFileSync(join('wasm', `${name}.wat`), 'utf8');
const module = wabt.parseWat(`${name}.wat`, source, { simd: true });
const { buffer } = module.toBinary({});
module.destroy();
const constant = `${name.toUpperCase().replaceAll('-', '_')}_WASM_BASE64`;
const text = `// Generated from wasm/${name}.wat by scripts/build-wasm.mjs; do not edit.
export const ${constant} =
  '${Buffer.from(buffer).toString('base64')}';
`;
const target = join('src', `${name}-wasm.ts`);
if (flag === '--check') {
  if (readFileSync(target, 'utf8') !== text) {
    console.error(`${target} is stale: run pnpm build:wasm in this package`);
    process.exit(1);
  }
} else writeFileSync(target, text);
console.log(`${name}.wasm: ${buffer.length} bytes`);
