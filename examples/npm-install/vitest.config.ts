import { defineConfig } from 'vitest/config';

// No setup file: the test process loads no tfjs; everything runs in the installed project's own Node processes.
// npm install fetches @tensorflow/tfjs and the packages' dependencies from the registry (cached after the first run).
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 300_000 },
});
