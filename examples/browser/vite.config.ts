import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built page works from any sub-path of a static host.
  base: './',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
