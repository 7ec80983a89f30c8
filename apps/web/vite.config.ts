import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the same build works at the root of `p1 serve`, under a sub-path behind a proxy, or as
  // files on any static host.
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps help whoever debugs a meter's odd telegram in the browser's tools; they are loaded only then.
    sourcemap: true,
  },
  worker: { format: 'es' },
});
