// End-to-end tests of the service worker (www/sw.js, www/offline.js) on a host that sends no
// headers, under a subpath (/gil-lab/): isolation after one reload (counted), offline after the
// server is gone, a new build offered and taken, a cross-origin iframe that stays as it is, and
// Chromium's installability check of the manifest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { serveDist, launch, newContext, dist, root, CHROMIUM_ARGS, runLabProcesses } from './harness.mjs';

const BASE = '/gil-lab/';
const VIEWPORT = { viewport: { width: 1280, height: 1000 } };
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A copy of dist/ that a test may change or stop serving. */
function copyOfDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-lab-deploy-'));
  fs.cpSync(dist, dir, { recursive: true });
  return dir;
}

/** A page that counts its document loads and records errors. */
async function openCounted(context, url) {
  const page = await context.newPage();
  const seen = { loads: 0, errors: [] };
  page.on('load', () => seen.loads++);
  page.on('pageerror', (e) => seen.errors.push(`uncaught: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  return { page, seen };
}

/** Waits until the page is isolated and its pool is up; returns the thread count. */
async function waitForThreads(page) {
  await page.waitForFunction(() => self.crossOriginIsolated === true, null, { timeout: 30000 });
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="thread-count"]')?.dataset.threads) > 0,
    null, { timeout: 30000 },
  );
  return Number(await page.getByTestId('thread-count').getAttribute('data-threads'));
}

/** The lab's processes mode, on the lab's view. */
async function runProcesses(page) {
  await page.getByTestId('nav-lab').click();
  return runLabProcesses(page);
}

test('no headers, under /gil-lab/: single-threaded first, isolated with every core after exactly one reload; then offline with the server gone', async () => {
  const dir = copyOfDist();
  let server = await serveDist({ isolated: false, base: BASE, dir });
  const context = await newContext(browser, { ...VIEWPORT, serviceWorkers: 'allow' });
  // A link's state must survive the reload.
  const { page, seen } = await openCounted(context, server.url + '#/sim');
  // (The isolating reload may come at any moment of the first load: read the page after it.)
  const threads = await waitForThreads(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(threads, cores, `the pool has hardwareConcurrency (${cores}) threads`);
  // Long enough for a second reload, were there going to be one.
  await page.waitForTimeout(3000);
  assert.equal(seen.loads, 2, 'the first load, then exactly one reload');
  const url = new URL(page.url());
  assert.equal(url.pathname, BASE);
  assert.equal(url.search, '', 'the reload marker is gone from the address');
  assert.equal(url.hash, '#/sim');
  assert.equal(await page.getByTestId('isolation-status').getAttribute('data-isolated'), 'true');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(new URL(scope).pathname, BASE, 'the worker is scoped to the app folder');
  // Reloading an isolated page is not a new reload.
  await page.reload();
  await waitForThreads(page);
  await page.waitForTimeout(1500);
  assert.equal(seen.loads, 3, 'a reload by the user is the only new load');

  // The host goes away: no server at all, not only an offline flag.
  await server.close();
  server = null;
  await page.reload();
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'still isolated offline');
  const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
  assert.ok(names.length >= 8, `every preset is there (${names.length})`);
  for (const [i, name] of names.entries()) {
    await page.getByTestId('preset-select').selectOption({ index: i });
    assert.ok(Number(await page.getByTestId('timeline').getAttribute('data-spans')) > 0, `${name} runs offline`);
  }
  await page.getByTestId('play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="playhead-time"]').dataset.ns) > 0);
  await page.getByTestId('play').click();
  assert.deepEqual(await runProcesses(page), ['sequential', 'processes'], 'the lab runs processes offline');
  assert.deepEqual(seen.errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('at a site\'s root, the worker leaves the site\'s other pages alone (no headers added, not answered with the app)', async () => {
  const dir = copyOfDist();
  fs.mkdirSync(path.join(dir, 'other'));
  fs.writeFileSync(path.join(dir, 'other', 'page.html'), '<!doctype html><title>Other</title><p id="other">another project</p>');
  const server = await serveDist({ isolated: false, dir });
  const context = await newContext(browser, { ...VIEWPORT, serviceWorkers: 'allow' });
  const { page, seen } = await openCounted(context, server.url);
  await waitForThreads(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(new URL(scope).pathname, '/', 'the worker covers the whole site');
  assert.deepEqual(seen.errors, [], 'the app ran clean (the other page may 404 its favicon)');
  const res = await page.goto(new URL('other/page.html', server.url).href);
  assert.equal(res.headers()['cross-origin-embedder-policy'], undefined, 'no COEP added to another page');
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  assert.equal(await page.locator('#other').innerText(), 'another project');
  const missing = await page.goto(new URL('nothing-here', server.url).href);
  assert.equal(missing.status(), 404, 'a missing page is the host\'s 404, not the app');
  await context.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** "Deploys a new build" over `dir`: the stylesheet changes (new content, new hashed name, new
 * integrity in index.html) and the service worker is rewritten by the build's own tool. */
function deployNewBuild(dir) {
  const old = fs.readdirSync(dir).find((f) => /^style-[0-9a-f]+\.css$/.test(f));
  const css = fs.readFileSync(path.join(dir, old), 'utf8') + '\n/* build 2 */\n';
  const name = `style-${crypto.createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  fs.writeFileSync(path.join(dir, name), css);
  fs.rmSync(path.join(dir, old));
  const sri = 'sha384-' + crypto.createHash('sha384').update(css).digest('base64');
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8')
    .replace(new RegExp(`\\./${old}"[^>]*integrity="[^"]*"`), `./${name}" integrity="${sri}"`);
  assert.ok(html.includes(name), 'index.html names the new stylesheet');
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  execFileSync('node', [path.join(root, 'tools', 'sw-build.mjs'), dir], { stdio: 'pipe' });
  return { old, name };
}

test('a new build over the old one: the page offers it; after "reload" only the new files are used and the old cache is gone', async () => {
  const dir = copyOfDist();
  const server = await serveDist({ isolated: false, base: BASE, dir });
  const context = await newContext(browser, { ...VIEWPORT, serviceWorkers: 'allow' });
  const { page, seen } = await openCounted(context, server.url);
  await waitForThreads(page);
  const cachesBefore = await page.evaluate(() => caches.keys());
  assert.equal(cachesBefore.length, 1, `one cache: ${cachesBefore}`);
  assert.equal(await page.getByTestId('update-ready').count(), 0, 'nothing to offer yet');

  const { old, name } = deployNewBuild(dir);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.getByTestId('update-ready').waitFor({ timeout: 30000 });
  // Until accepted, the open page keeps its build.
  assert.ok((await page.evaluate(() => document.querySelector('link[rel=stylesheet]').href)).endsWith(old));
  const loads = seen.loads;
  await page.getByTestId('update-reload').click();
  await page.waitForFunction((n) => window.performance.getEntriesByType('navigation').length > 0 &&
    document.querySelector('link[rel=stylesheet]')?.href.endsWith(n), name, { timeout: 30000 });
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  assert.equal(seen.loads, loads + 1, 'accepting reloads once');
  const used = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(used.some((p) => p.endsWith(name)), `the new stylesheet is used: ${used}`);
  assert.ok(!used.some((p) => p.endsWith(old)), 'the old stylesheet is not');
  const cachesAfter = await page.evaluate(() => caches.keys());
  assert.equal(cachesAfter.length, 1, `one cache: ${cachesAfter}`);
  assert.notEqual(cachesAfter[0], cachesBefore[0], 'the old build\'s cache is gone');
  const cached = await page.evaluate(async (c) => (await (await caches.open(c)).keys()).map((r) => new URL(r.url).pathname), cachesAfter[0]);
  assert.ok(cached.some((p) => p.endsWith(name)) && !cached.some((p) => p.endsWith(old)), 'the cache holds the new build only');
  assert.equal(await page.getByTestId('update-ready').count(), 0, 'the offer is gone');
  assert.deepEqual(seen.errors, []);
  await context.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('inside a cross-origin iframe without allow: not isolated, no reload, processes work, the new-tab link carries the state', async () => {
  const app = await serveDist({ isolated: false, base: BASE });
  // The course page: another origin (another port), no special headers, an iframe without allow.
  const http = await import('node:http');
  const hash = '#/sim';
  const lms = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>Course</title><h1>Week 3</h1>
      <iframe id="lab" src="${app.url}${hash}" width="1200" height="900" title="GIL Lab"></iframe>`);
  });
  await new Promise((r) => lms.listen(0, '127.0.0.1', r));
  const context = await newContext(browser, { viewport: { width: 1280, height: 1000 }, serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let frameLoads = 0;
  page.on('framenavigated', (f) => { if (f !== page.mainFrame() && f.url().startsWith(app.url) && !f.url().includes('#/sim?')) frameLoads++; });
  await page.goto(`http://127.0.0.1:${lms.address().port}/`);
  const frame = page.frameLocator('#lab');
  await frame.getByTestId('app-root').waitFor({ timeout: 30000 });
  const inner = page.frames().find((f) => f.url().startsWith(app.url));
  await page.waitForTimeout(4000); // a reload would have happened by now
  assert.equal(frameLoads, 1, 'the frame loaded once: no reload');
  assert.equal(await inner.evaluate(() => self.crossOriginIsolated), false);
  assert.equal(await frame.getByTestId('isolation-status').getAttribute('data-isolated'), 'false');

  // A change, then the new-tab link opens that state.
  await frame.getByTestId('param-cores').fill('3');
  await frame.getByTestId('param-cores').dispatchEvent('change');
  await inner.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  // The lab says why its threads modes are off, and offers a tab of their own.
  await frame.getByTestId('nav-lab').click();
  await frame.getByTestId('lab-threads-off').waitFor();
  const state = await inner.evaluate(() => location.hash);
  assert.ok(state.startsWith('#/lab?v=1&s='), state);
  const link = frame.getByTestId('lab-open-new-tab');
  await link.scrollIntoViewIfNeeded();
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  assert.equal(new URL(tab.url()).hash, state, 'the new tab opens the same state');
  await tab.close();

  assert.deepEqual(await runProcesses(inner), ['sequential', 'processes']);
  const modes = await inner.$$eval('[data-testid="lab-mode"] option', (os) => os.map((o) => [o.value, o.disabled]));
  for (const [value, disabled] of modes) {
    assert.equal(disabled, value === 'threads' || value === 'gil', `${value}: disabled only if it needs threads`);
  }
  assert.deepEqual(errors, []);
  await context.close();
  await new Promise((r) => { lms.close(r); lms.closeAllConnections(); });
  await app.close();
});

test('installable: Chromium reports no installability errors, and the manifest and its icons load', async (t) => {
  const server = await serveDist({ isolated: false, base: BASE });
  // Installing needs a profile of its own: a Playwright context is incognito, which Chromium
  // reports as "in-incognito".
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-lab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, ...VIEWPORT,
  });
  t.after(async () => {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => self.crossOriginIsolated === true, null, { timeout: 30000 });
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], 'the manifest parses');
  assert.equal(new URL(manifest.url).pathname, `${BASE}manifest.webmanifest`);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'no installability errors');
  const parsed = JSON.parse(manifest.data);
  for (const icon of parsed.icons) {
    const res = await page.request.get(new URL(icon.src, manifest.url).href);
    assert.equal(res.status(), 200, icon.src);
  }
  assert.ok(parsed.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512'), 'a maskable icon');
  assert.ok(parsed.icons.some((i) => i.sizes === '192x192') && parsed.icons.some((i) => i.sizes === '512x512'));
});
