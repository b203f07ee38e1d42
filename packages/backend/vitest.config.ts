import { defineConfig } from 'vitest/config';

// No shared setup here: these tests choose their backends themselves.
export default defineConfig({ test: { setupFiles: ['../../vitest.quiet.ts'], testTimeout: 60_000 } });
