import { defineConfig } from 'vitest/config';

// No setup file: the test process loads no tfjs; everything runs in the installed project's own Node processes.
// npm install fetches @tensorflow/tfjs and the packages' dependencies from the registry (cached after the first run):
// the set-up took 150 s with the whole suite sharing 2 cores, hence a wide hook timeout.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 600_000 },
});
