import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { renderDocumentsPdf } from '../../electron/services/documents/documents-pdf';
import { samplePrintout } from '../../electron/services/documents/sample-printout';
import { launchChromium } from '../support/chromium';
import { testArtifactsDir } from '../support/test-artifacts';

/** The page that draws page 1 of `/doc.pdf` with pdf.js and leaves what it saw on `window.rendered`. */
const RENDER_PAGE = `<!doctype html>
<html><body style="margin:0;background:#808080">
<canvas id="page"></canvas>
<script type="module">
  import * as pdfjs from '/pdfjs/pdf.mjs';
  pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs';
  try {
    const pdf = await pdfjs.getDocument({ url: '/doc.pdf' }).promise;
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.getElementById('page');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    const context = canvas.getContext('2d');
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 96 && data[i + 1] < 96 && data[i + 2] < 96) dark += 1;
    window.rendered = { width: canvas.width, height: canvas.height, dark, pages: pdf.numPages };
  } catch (error) {
    window.rendered = { error: String(error) };
  }
</script>
</body></html>`;

/**
 * The A4 documents list as a person sees it: page 1 drawn by pdf.js in real Chromium (the embedded
 * DejaVu glyphs, not a viewer's substitute font), saved to `test-artifacts/documents-pdf-page1.png`.
 */
describe('the documents list PDF in Chromium', () => {
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let artifacts: string;

  beforeAll(async () => {
    artifacts = await testArtifactsDir();
    const { pdf } = await renderDocumentsPdf(
      samplePrintout({ footer: 'Перечень справочный: если сомневаетесь, уточните его у специалиста МФЦ.' }),
    );
    await writeFile(path.join(artifacts, 'documents-pdf.pdf'), pdf);
    const pdfjsBuild = path.join(findAppRoot().dir, 'node_modules', 'pdfjs-dist', 'build');
    const files: Record<string, { body: () => Promise<Buffer | string>; type: string }> = {
      '/': { body: async () => RENDER_PAGE, type: 'text/html; charset=utf-8' },
      '/doc.pdf': { body: async () => pdf, type: 'application/pdf' },
      '/pdfjs/pdf.mjs': { body: () => readFile(path.join(pdfjsBuild, 'pdf.mjs')), type: 'text/javascript' },
      '/pdfjs/pdf.worker.mjs': {
        body: () => readFile(path.join(pdfjsBuild, 'pdf.worker.mjs')),
        type: 'text/javascript',
      },
    };
    server = createServer((request, response) => {
      const file = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      file.body().then(
        (body) => response.writeHead(200, { 'content-type': file.type }).end(body),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('draws page 1 on an A4-shaped canvas with text on it', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await page.goto(baseUrl);
    await page.waitForFunction(() => (globalThis as { rendered?: unknown }).rendered !== undefined, undefined, {
      timeout: 20_000,
    });
    const rendered = (await page.evaluate(() => (globalThis as { rendered?: unknown }).rendered)) as {
      width: number;
      height: number;
      dark: number;
      pages: number;
      error?: string;
    };
    expect(rendered.error).toBeUndefined();
    expect(rendered.pages).toBe(1);
    // A4 is 210 × 297 mm: height / width = √2.
    expect(rendered.height / rendered.width).toBeCloseTo(297 / 210, 2);
    // Text is dark ink on white: a blank page has none, a failed font load far fewer.
    expect(rendered.dark).toBeGreaterThan(5_000);
    expect(rendered.dark).toBeLessThan(rendered.width * rendered.height * 0.2);

    const file = path.join(artifacts, 'documents-pdf-page1.png');
    await page.locator('#page').screenshot({ path: file });
    const png = await readFile(file);
    // The PNG's own header (IHDR) says the screenshot kept the canvas's A4 shape.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(20) / png.readUInt32BE(16)).toBeCloseTo(297 / 210, 2);
    await page.close();
  });
});
