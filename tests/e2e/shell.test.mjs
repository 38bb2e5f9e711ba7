// End-to-end tests of the app shell against the release build in dist/, served statically:
// cross-origin isolated (real worker threads) and not isolated (the classroom iframe case).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serveDist, launch, openPage, screenshot, newContext } from './harness.mjs';

let browser, isolatedServer, plainServer;

before(async () => {
  browser = await launch();
  isolatedServer = await serveDist({ isolated: true });
  plainServer = await serveDist({ isolated: false });
});

after(async () => {
  await browser?.close();
  await isolatedServer?.close();
  await plainServer?.close();
});

test('isolated: the pool starts with navigator.hardwareConcurrency threads, no console errors', async () => {
  const { page, errors, context } = await openPage(browser, isolatedServer.url);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const status = page.getByTestId('isolation-status');
  assert.equal(await status.getAttribute('data-isolated'), 'true');
  const threads = page.getByTestId('thread-count');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="thread-count"]')?.dataset.threads !== '0',
    null, { timeout: 30000 },
  );
  assert.equal(await threads.getAttribute('data-threads'), String(cores));
  assert.match(await threads.innerText(), new RegExp(`Threads: ${cores}\\b`));
  assert.equal(await page.getByTestId('lab-threads-off').count(), 0);
  assert.equal(await page.locator('#boot').count(), 0, 'the loading placeholder is gone');
  await screenshot(page, 'shell-isolated');
  assert.deepEqual(errors, []);
  await context.close();
});

test('not isolated: the page renders, explains why real threads are off, no uncaught errors', async () => {
  const { page, errors, context } = await openPage(browser, plainServer.url);
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'undefined');
  assert.equal(await page.getByTestId('isolation-status').getAttribute('data-isolated'), 'false');
  assert.equal(await page.getByTestId('thread-count').getAttribute('data-threads'), '0');
  // The simulator needs no threads: the lab says why its threads modes are off.
  await page.getByTestId('nav-lab').click();
  const notice = page.getByTestId('lab-threads-off');
  await notice.waitFor();
  assert.match(await notice.innerText(), /threads modes are off/);
  assert.match(await notice.innerText(), /cross-origin isolated/);
  const link = page.getByTestId('lab-open-new-tab');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.ok((await link.getAttribute('href')).startsWith(plainServer.url));
  // The simulator and lab areas are there whatever the isolation.
  await page.getByTestId('simulator-area').waitFor({ state: 'attached' });
  await page.getByTestId('lab-area').waitFor();
  await screenshot(page, 'shell-not-isolated');
  assert.deepEqual(errors.filter((e) => e.startsWith('uncaught')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('not isolated inside an iframe (an LMS page): the app renders and explains', async () => {
  // A parent page on another origin (localhost vs 127.0.0.1) embedding GIL Lab, like a course page.
  const { page, context } = await openPage(browser, plainServer.url);
  const embedUrl = plainServer.url.replace('127.0.0.1', 'localhost');
  await page.setContent(`<h1>Course page</h1><iframe title="GIL Lab" src="${embedUrl}" width="1100" height="700"></iframe>`);
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('nav-lab').click({ timeout: 30000 });
  await frame.getByTestId('lab-threads-off').waitFor({ timeout: 30000 });
  assert.equal(await frame.getByTestId('isolation-status').getAttribute('data-isolated'), 'false');
  await screenshot(page, 'shell-in-iframe');
  await context.close();
});

test('a panic shows a visible error instead of a white screen', async () => {
  const { page, context } = await openPage(browser, plainServer.url);
  await page.evaluate(() => { try { window.wasmBindings.glTestPanic(); } catch (_) { /* wasm traps after the hook */ } });
  const banner = page.getByTestId('fatal-error');
  await banner.waitFor({ timeout: 5000 });
  assert.match(await banner.innerText(), /GIL Lab hit an internal error and stopped/);
  assert.match(await banner.innerText(), /deliberate test panic/);
  assert.equal(await banner.getAttribute('role'), 'alert');
  // What was on screen is still there under the banner.
  await page.getByTestId('app-root').waitFor();
  await screenshot(page, 'shell-panic');
  await context.close();
});

test('a module that cannot start says so instead of staying blank', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(plainServer.url);
  const boot = page.getByTestId('boot-error');
  await boot.waitFor({ timeout: 30000 });
  assert.match(await boot.innerText(), /GIL Lab could not start\. Either its files did not download/);
  await screenshot(page, 'shell-boot-failure');
  await context.close();
});

test('accessibility: axe-core finds no serious or critical violations (light and dark)', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await newContext(browser, { colorScheme });
    const page = await context.newPage();
    await page.goto(plainServer.url);
    await page.getByTestId('app-root').waitFor({ timeout: 30000 });
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${colorScheme}: ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
    assert.deepEqual(bad, []);
    await screenshot(page, `shell-${colorScheme}`);
    await context.close();
  }
});
