// End-to-end tests of hosting: dist/ served under a subpath (/gil-lab/, as a project site on
// GitHub Pages) by a static server that sends no special headers. The app starts, every file
// comes from under the subpath, a preset plays, a link reopens, and the lab's processes mode
// (Web Workers that load the app's own module) runs. Service workers are blocked here (as in a
// Firefox private window): tests/e2e/offline.test.mjs tests the same folder with the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, newContext, runLabProcesses } from './harness.mjs';

let browser, server;

before(async () => {
  browser = await launch();
  server = await serveDist({ isolated: false, base: '/gil-lab/' });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('under /gil-lab/ without headers: the app starts, loads only from its folder, plays and runs processes', async () => {
  const context = await newContext(browser, { viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const requests = [];
  const failed = [];
  page.on('request', (r) => requests.push(new URL(r.url())));
  // A request the page's own reload cancels (the favicon, say) is not a hosting failure; a
  // missing file still is (its 404 is caught below, and any other network error here).
  page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(`${r.url()} (${r.failure()?.errorText})`); });
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await page.getByTestId('app-root').waitFor({ timeout: 30000 });
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
  const local = requests.filter((u) => u.protocol.startsWith('http'));
  assert.ok(local.length >= 4, `the page loaded its files (${local.length} requests)`);
  for (const u of local) assert.ok(u.pathname.startsWith('/gil-lab/'), `${u.pathname} is under /gil-lab/`);
  assert.deepEqual(failed, [], 'no request failed');

  // A preset plays.
  await page.getByTestId('play').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="playhead-time"]').dataset.ns) > 0);
  await page.getByTestId('play').click();

  // A link made here reopens here.
  await page.getByTestId('param-cores').fill('3');
  await page.getByTestId('param-cores').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  const url = page.url();
  assert.ok(new URL(url).pathname === '/gil-lab/', url);
  await page.reload();
  await page.getByTestId('timeline').waitFor();
  assert.equal(await page.getByTestId('param-cores').inputValue(), '3');

  // The lab's processes mode: workers import the app's module from under the subpath.
  await page.getByTestId('nav-lab').click();
  assert.deepEqual(await runLabProcesses(page), ['sequential', 'processes']);
  assert.deepEqual(failed, [], 'no request failed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bare folder path redirects to the app, and other paths are not the app', async () => {
  const bare = server.url.slice(0, -1);
  const { page, errors, context } = await openPage(browser, bare);
  assert.equal(new URL(page.url()).pathname, '/gil-lab/');
  assert.deepEqual(errors, []);
  const res = await page.goto(new URL('/', server.url).href);
  assert.equal(res.status(), 404, 'only /gil-lab/ serves the app: a root-relative file would 404');
  await context.close();
});
