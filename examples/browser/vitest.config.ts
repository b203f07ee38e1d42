import { defineConfig } from 'vitest/config';

// No shared cpu-backend setup here: the Node side of these tests runs on wasm, as the page does.
export default defineConfig({
  test: { setupFiles: ['../../vitest.quiet.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false },
});
