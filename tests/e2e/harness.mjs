// Shared harness for the end-to-end suite: a static server for dist/ (with or without
// COOP/COEP), headless Debian Chromium through playwright-core, and console-error capture.
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import handler from 'serve-handler';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
// GIL_LAB_DIST lets a second checkout or agent test its own build without touching dist/.
export const dist = process.env.GIL_LAB_DIST || path.join(root, 'dist');
export const shots = process.env.GIL_LAB_SHOTS || path.join(here, 'screenshots');

const ISOLATION_HEADERS = [
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];

/**
 * Serves dist/ statically on 127.0.0.1 (port 0: any free port), at the site's root or under
 * `base` (e.g. '/gil-lab/', as a project site on GitHub Pages: every other path is a 404, and
 * the base without its slash redirects to it). `dir` serves another build folder (a copy of
 * dist/). Resolves to { url, close }; `close` stops it for good (open connections too), as a
 * host that went away.
 */
export async function serveDist({ isolated, base = '/', dir = dist }) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run \`./dev build\` (or \`./dev test\`) first`);
  }
  const options = {
    public: dir,
    headers: isolated ? [{ source: '**/*', headers: ISOLATION_HEADERS }] : [],
  };
  const server = http.createServer((req, res) => {
    if (base === '/') return handler(req, res, options);
    if (req.url === base.slice(0, -1)) {
      res.writeHead(301, { Location: base });
      return res.end();
    }
    if (!req.url.startsWith(base)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found (the app lives under ' + base + ')');
    }
    req.url = '/' + req.url.slice(base.length);
    return handler(req, res, options);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A browser context. Service workers are blocked unless `serviceWorkers: 'allow'` is given: the
 * app must work without one (Firefox private windows, sandboxed frames), and a test of a page
 * that is not isolated must not be isolated by the worker's one reload. tests/e2e/offline.test.mjs
 * tests the worker.
 */
export function newContext(browser, options = {}) {
  return browser.newContext({ serviceWorkers: 'block', ...options });
}

/** Opens a page that records console errors and uncaught exceptions. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 }, serviceWorkers, colorScheme } = {}) {
  const context = await newContext(browser, {
    viewport,
    ...(serviceWorkers ? { serviceWorkers } : {}),
    ...(colorScheme ? { colorScheme } : {}),
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  await page.goto(url);
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  return { page, errors, context };
}

/** A screenshot into tests/e2e/screenshots/NAME.png: the whole page, or the first screen. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

/**
 * The geometry a timeline canvas publishes in its data attributes, in CSS pixels: the heights
 * of the time axis, a section header and a lane, the width of the label column, and every row
 * from the top as `{ row, n, y, h }` (`row` is `cores`, `process`, `core`, `thread` or `gil`;
 * `n` numbers it from 0).
 */
export async function timelineGeometry(canvas) {
  return canvas.evaluate((c) => ({
    axisH: Number(c.dataset.axisH),
    headerH: Number(c.dataset.headerH),
    laneH: Number(c.dataset.laneH),
    labelW: Number(c.dataset.labelW),
    rows: JSON.parse(c.dataset.rows),
  }));
}

/** The row of lane `n` of a kind (`core`, `thread` or `gil`) in a geometry from timelineGeometry. */
export function laneRow(geometry, row, n) {
  const found = geometry.rows.find((r) => r.row === row && r.n === n);
  if (!found) throw new Error(`the timeline has no ${row} ${n}`);
  return found;
}

/**
 * Runs the lab's processes mode with small inputs (2 M, 2 workers) on a page (or frame) that
 * shows the lab, and resolves to the modes of its result rows (`['sequential', 'processes']`
 * when it worked; the lab's own error, if any, fails the test).
 */
export async function runLabProcesses(page) {
  await page.getByTestId('lab-size').fill('2000000');
  await page.getByTestId('lab-workers').fill('2');
  await page.getByTestId('lab-mode').selectOption('processes');
  await page.getByTestId('lab-run').click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="lab"]')?.dataset.runsEnded) > 0 &&
      document.querySelector('[data-testid="lab-progress"]')?.dataset.state === 'idle',
    null, { timeout: 120000 },
  );
  const error = page.getByTestId('lab-error');
  if (await error.count()) throw new Error(`the lab says: ${await error.innerText()}`);
  return page.$$eval('[data-testid="lab-result"]', (rows) => rows.map((r) => r.dataset.mode));
}
