import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the touch UI into `dist/renderer`.
 *
 * `base: './'` makes every asset path relative, so the same build loads from `file://` in the
 * Electron window and from `http://127.0.0.1:PORT/` in the browser host.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Chromium of the kiosk's Electron and of the browser host: no legacy output needed.
    target: 'chrome120',
    // Everything the kiosk shows ships inside the app; nothing is inlined as data: URLs but small images.
    assetsInlineLimit: 4096,
  },
});
