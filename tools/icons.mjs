// Renders the app's PNG icons (www/icons/*.png) from its SVGs in headless Chromium, so the
// installed app's icons are made, not hand-drawn: `node tools/icons.mjs` after changing an SVG.
// icon-192/512 come from www/icon.svg; maskable-512 from www/icons/maskable.svg, whose drawing
// sits inside the central 80 % that every mask shape keeps.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jobs = [
  ['www/icon.svg', 192, 'www/icons/icon-192.png'],
  ['www/icon.svg', 512, 'www/icons/icon-512.png'],
  ['www/icons/maskable.svg', 512, 'www/icons/maskable-512.png'],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [svg, size, out] of jobs) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const data = fs.readFileSync(path.join(root, svg), 'utf8');
  await page.setContent(
    `<body style="margin:0"><img style="display:block;width:${size}px;height:${size}px" src="data:image/svg+xml;base64,${Buffer.from(data).toString('base64')}"></body>`,
  );
  await page.screenshot({ path: path.join(root, out), omitBackground: true });
  await page.close();
  console.log(`${out}: ${size}×${size}`);
}
await browser.close();
