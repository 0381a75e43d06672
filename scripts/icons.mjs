#!/usr/bin/env node
// `npm run icons`: renders public/icon/hearth.svg to the PNGs the manifests name
// (public/icon/16.png … 128.png; Chrome's manifest takes PNG, not SVG). The PNGs are
// committed, so a build never needs a browser; run this again after changing the SVG.
// It renders with the Chromium the end-to-end tests use (playwright-core, no download).
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ICON_DIR = fileURLToPath(new URL('../public/icon/', import.meta.url));
const SIZES = [16, 32, 48, 128];
const executablePath =
  process.env.HEARTH_CHROMIUM ??
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) =>
    fs.existsSync(file),
  );
if (!executablePath) {
  console.error('[icons] No Chromium found: set HEARTH_CHROMIUM to a Chrome or Chromium binary.');
  process.exit(1);
}

const svg = fs.readFileSync(path.join(ICON_DIR, 'hearth.svg'));
const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => /** @type {{ decode(): Promise<void> }} */ (img).decode());
    const file = path.join(ICON_DIR, `${size}.png`);
    await page.screenshot({
      path: file,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`[icons] ${path.relative(process.cwd(), file)} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
