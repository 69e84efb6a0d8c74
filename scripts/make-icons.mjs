// Draws the app icon and the tray icons (one colour per console state) as PNGs in resources/,
// rendered by headless Chromium so they stay reproducible from this file alone.
// Run: node scripts/make-icons.mjs (needs /usr/bin/chromium or CHROMIUM_PATH).
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const out = new URL('../resources/', import.meta.url).pathname;
const LEVELS = { ok: '#2fbf71', degraded: '#f2a900', offline: '#e5484d' };

// A lane curve and a finish dot: reads at 16 px in a task bar.
const mark = (size, dot) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">
  <rect x="2" y="2" width="60" height="60" rx="14" fill="#0b0f14"/>
  <path d="M14 48 V26 a14 14 0 0 1 28 0 V48" fill="none" stroke="#f5f7fa" stroke-width="7" stroke-linecap="round"/>
  <circle cx="48" cy="46" r="11" fill="${dot}" stroke="#0b0f14" stroke-width="3"/>
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage();
async function draw(svg, size, file) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(out, file), omitBackground: true });
}
await draw(mark(512, LEVELS.ok), 512, 'icon.png');
for (const [level, colour] of Object.entries(LEVELS)) {
  await draw(mark(16, colour), 16, `tray-${level}.png`);
  await draw(mark(32, colour), 32, `tray-${level}@2x.png`);
}
await browser.close();
process.stdout.write(`icons written to ${out}\n`);
