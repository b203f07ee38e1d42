import { defineConfig } from 'vitest/config';
// Generous: the architecture tests train small nets; on a loaded 2-core machine one takes ~30 s.

export default defineConfig({
  test: { setupFiles: ['../../vitest.setup.ts'], testTimeout: 120_000 },
});
