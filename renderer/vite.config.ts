import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../backend/window-files.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [
    react(),
    // the window's policy as a meta tag too, from its one definition (the shell and the bridge send it as a header)
    { name: 'sei-csp', transformIndexHtml: (html: string) => html.replace('%CONTENT_SECURITY_POLICY%', CONTENT_SECURITY_POLICY) },
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
