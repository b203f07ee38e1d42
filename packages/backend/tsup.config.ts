import { defineConfig } from 'tsup';

// The data-parallel worker is its own file, loaded by `new Worker(new URL(...))` from the module beside it;
// shims give the CommonJS build an import.meta.url.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'data-parallel': 'src/data-parallel/index.ts',
    'data-parallel-worker': 'src/data-parallel/worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'data-parallel': 'src/data-parallel/index.ts' } },
  clean: true,
  target: 'es2022',
  shims: true,
});
