import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(here, '..', 'node_modules');

export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    alias: [
      // The VA Design System CSS (css-library core.css) names its fonts and images webpack-style
      // ("~package/…"). Resolve them to the files the packages ship, so Vite bundles them and the
      // app serves them itself (CSP font-src 'self', no CDN): Source Sans Pro, Merriweather and
      // Roboto Mono from @uswds/uswds (a dependency of css-library, fonts under dist/fonts),
      // Bitter and the images from css-library.
      { find: /^~@uswds\/uswds\/fonts\//, replacement: `${path.join(nodeModules, '@uswds/uswds/dist/fonts')}/` },
      { find: /^~@department-of-veterans-affairs\//, replacement: `${path.join(nodeModules, '@department-of-veterans-affairs')}/` },
    ],
  },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
