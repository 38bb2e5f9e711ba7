// End-to-end tests of links (the simulator's state in the URL's hash): for every preset, changed
// parameters, the playhead, the zoom window and the speed survive a reload and a copied link;
// back and forward move between the states a user made; hostile hashes name the field, fall
// back to the default lesson and never break the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, newContext } from './harness.mjs';

let browser, server;

before(async () => {
  browser = await launch();
  server = await serveDist({ isolated: false });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const VIEWPORT = { viewport: { width: 1400, height: 1000 } };

/** Everything a link must bring back, read off the page. */
async function shown(page) {
  return page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    return {
      preset: q('preset-select').selectedOptions[0].dataset.name,
      cores: q('param-cores').value,
      workers: q('param-workers').value,
      gil: q('param-gil').value,
      seed: q('param-seed').value,
      t: q('playhead-time').dataset.ns,
      window: q('timeline').dataset.window,
      speed: q('speed').dataset.speed,
      spans: q('timeline').dataset.spans,
    };
  });
}

/** Waits until the address bar holds a link (the playhead's changes land after ~300 ms). */
async function settledHash(page, previous) {
  await page.waitForFunction(
    (prev) => location.hash.startsWith('#/sim?v=1&s=') && location.hash !== prev,
    previous,
    { timeout: 5000 },
  );
  // Let a pending replace (debounced) land too.
  await page.waitForTimeout(500);
  return page.evaluate(() => location.hash);
}

async function change(page, testid, value) {
  await page.getByTestId(testid).fill(value);
  await page.getByTestId(testid).dispatchEvent('change');
}

test('every preset: changed parameters, playhead, zoom and speed survive a reload and a copied link', async () => {
  const { page, errors, context } = await openPage(browser, server.url, VIEWPORT);
  assert.equal(await page.evaluate(() => location.hash), '', 'opening the bare page writes no link');
  const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
  const fresh = await newContext(browser, VIEWPORT);
  for (const [i, name] of names.entries()) {
    const previous = await page.evaluate(() => location.hash);
    await page.getByTestId('preset-select').selectOption({ index: i });
    await change(page, 'param-cores', '3');
    await change(page, 'param-seed', String(1000 + i));
    if (await page.getByTestId('param-workers').isEnabled()) await change(page, 'param-workers', '3');
    await page.getByTestId('param-gil').selectOption('old');
    for (let k = 0; k < 5; k++) await page.getByTestId('step-forward').click();
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('zoom-in').click();
    await page.getByTestId('slower').click();
    const hash = await settledHash(page, previous);
    const before = await shown(page);
    assert.equal(before.preset, name);
    assert.notEqual(before.t, '0', `${name}: the playhead moved`);
    assert.ok(hash.length < 2000, `${name}: a short link (${hash.length} characters)`);

    await page.reload();
    await page.getByTestId('timeline').waitFor();
    assert.deepEqual(await shown(page), before, `${name}: a reload restores exactly`);

    const copy = await fresh.newPage();
    await copy.goto(server.url + hash);
    await copy.getByTestId('timeline').waitFor();
    assert.deepEqual(await shown(copy), before, `${name}: a copied link opens the same`);
    await copy.close();
  }
  await fresh.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('back and forward move between the states a user made', async () => {
  const { page, errors, context } = await openPage(browser, server.url, VIEWPORT);
  const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
  const start = await shown(page);
  await page.getByTestId('preset-select').selectOption({ index: names.indexOf('convoy') });
  await settledHash(page, '');
  const convoy = await shown(page);
  await change(page, 'param-cores', '4');
  await page.waitForFunction(() => document.querySelector('[data-testid="param-cores"]').value === '4');
  const fourCores = await shown(page);
  // Moving the playhead replaces the entry: it is not a step of its own in the history.
  await page.getByTestId('step-forward').click();
  await page.waitForTimeout(600);
  const moved = await shown(page);

  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="param-cores"]').value !== '4');
  assert.deepEqual(await shown(page), convoy, 'back: the lesson before the cores change');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="preset-select"]').selectedOptions[0].dataset.name !== 'convoy');
  assert.deepEqual(await shown(page), start, 'back again: the page as it opened');
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid="param-cores"]').value === '4');
  const forward = await shown(page);
  assert.equal(forward.cores, fourCores.cores);
  assert.equal(forward.t, moved.t, 'forward: the moment the user left');
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile, broken and oversized links name the field and show the default lesson', async () => {
  const { page, context } = await openPage(browser, server.url, VIEWPORT);
  await page.getByTestId('preset-select').selectOption({ index: 1 });
  const good = await settledHash(page, '');
  await context.close();
  const s = good.split('&s=')[1];
  const cases = [
    ['#/sim?v=9&s=' + s, /link field `v`: version 9 is newer/],
    ['#/sim?v=1&s=' + s.slice(0, Math.floor(s.length / 8) * 4), /link field `s`: the data is cut short/],
    ['#/sim?v=1&s=' + s.slice(0, Math.floor(s.length / 8) * 4 + 1), /link field `s`: the data is cut short/],
    ['#/sim?v=1&s=AB*D', /link field `s`: not a link's data: byte 3/],
    ['#/sim?v=1', /link field `s`: missing/],
    ['#/sim?v=1&s=' + s + '&<script>=1', /link field `.*script.*`: unknown part/],
    ['#/nowhere?v=1', /link field `route`/],
    ['#/sim?v=1&s=' + 'A'.repeat(300 * 1024), /MAX_HASH_BYTES/],
  ];
  for (const [hash, words] of cases) {
    const opened = await openPage(browser, server.url + hash, VIEWPORT);
    const err = opened.page.getByTestId('link-error');
    await err.waitFor();
    assert.match(await err.innerText(), words, hash.slice(0, 60));
    assert.match(await err.innerText(), /^Link not opened: .*The lesson below is shown instead\.$/);
    const preset = await opened.page.getByTestId('preset-select').evaluate((el) => el.selectedOptions[0].dataset.name);
    assert.equal(preset, 'cpu-threads', 'the default lesson');
    assert.ok(Number(await opened.page.getByTestId('timeline').getAttribute('data-spans')) > 0);
    assert.deepEqual(opened.errors, [], hash.slice(0, 60));
    // The app still works: another lesson can be picked.
    await opened.page.getByTestId('preset-select').selectOption({ index: 2 });
    assert.equal(await opened.page.getByTestId('link-error').count(), 0, 'a good change clears it');
    await opened.context.close();
  }
});

test('a plain anchor (#lab) is not a link and leaves the simulator alone', async () => {
  const { page, errors, context } = await openPage(browser, server.url + '#lab', VIEWPORT);
  assert.equal(await page.getByTestId('link-error').count(), 0);
  assert.equal(await page.evaluate(() => location.hash), '#lab');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Share: the link reopens the moment, the iframe snippet carries it, Copy works or selects the text', async () => {
  const context = await newContext(browser, VIEWPORT);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.getByTestId('timeline').waitFor();
  // Without touching anything: the link is still complete (the page's address has no hash).
  await page.getByTestId('share-open').click();
  const bare = await page.getByTestId('share-link').inputValue();
  assert.equal(await page.evaluate(() => location.hash), '', 'opening Share writes nothing');
  const home = await shown(page);
  const first = await context.newPage();
  await first.goto(bare);
  await first.getByTestId('timeline').waitFor();
  assert.deepEqual(await shown(first), home, 'the link of the untouched page opens the same');
  await first.close();
  // The open panel follows the playhead.
  await page.getByTestId('step-forward').click();
  await page.waitForFunction((b) => document.querySelector('[data-testid="share-link"]').value !== b, bare);
  await page.getByTestId('share-open').click();
  await page.getByTestId('param-seed').fill('4242');
  await page.getByTestId('param-seed').dispatchEvent('change');
  for (let k = 0; k < 3; k++) await page.getByTestId('step-forward').click();
  const want = await shown(page);
  await page.getByTestId('share-open').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(server.url + '#/sim?v=1&s='), link);
  const snippet = await page.getByTestId('share-embed').inputValue();
  assert.match(snippet, /^<iframe src="[^"]+" title="GIL Lab: CPU threads"/);
  assert.match(snippet, /allow="cross-origin-isolated; fullscreen; clipboard-write"/);
  assert.ok(snippet.includes(link.replace('#/sim?', '#/embed?').replaceAll('&', '&amp;')),
    'the snippet carries the same state, in the embed view');

  await page.getByTestId('share-copy-link').click();
  await page.getByTestId('share-status').filter({ hasText: 'Copied the link.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.getByTestId('share-copy-embed').click();
  await page.getByTestId('share-status').filter({ hasText: 'Copied the embed code.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

  const other = await context.newPage();
  await other.goto(link);
  await other.getByTestId('timeline').waitFor();
  assert.deepEqual(await shown(other), want, 'the shared link opens the same moment');

  // The snippet in a course page (another origin): the frame shows the same moment, in the
  // embed view, whose "Open in GIL Lab" carries it back to the full app.
  const course = await context.newPage();
  await course.setContent(`<h1>Week 3</h1>${snippet}`);
  const frame = course.frameLocator('iframe');
  await frame.getByTestId('embed-root').waitFor({ timeout: 30000 });
  await frame.getByTestId('timeline').waitFor({ timeout: 30000 });
  assert.equal(await frame.getByTestId('playhead-time').getAttribute('data-ns'), want.t);
  const [tab] = await Promise.all([context.waitForEvent('page'), frame.getByTestId('open-full').click()]);
  await tab.getByTestId('timeline').waitFor();
  assert.equal(await tab.getByTestId('param-seed').inputValue(), '4242');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Share: where the clipboard is refused, the text is selected for Ctrl+C', async () => {
  const context = await newContext(browser, VIEWPORT);
  await context.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('timeline').waitFor();
  await page.getByTestId('share-open').click();
  await page.getByTestId('share-copy-link').click();
  const status = page.getByTestId('share-status');
  await status.filter({ hasText: 'press Ctrl+C' }).waitFor();
  const selected = await page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.dataset.testid, all: el.selectionStart === 0 && el.selectionEnd === el.value.length };
  });
  assert.deepEqual(selected, { id: 'share-link', all: true });
  await page.getByTestId('share-copy-embed').click();
  await status.filter({ hasText: 'the embed code is selected' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'share-embed');
  await context.close();
});

test('the "open in a new tab" links carry what is on screen now', async () => {
  const { page, errors, context } = await openPage(browser, server.url, VIEWPORT);
  await change(page, 'param-cores', '3');
  await page.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  // From the lab (where real threads need a tab of their own): the tab opens the lab, with the
  // simulator's state one click away.
  await page.getByTestId('nav-lab').click();
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('lab-open-new-tab').click()]);
  await tab.getByTestId('lab').waitFor();
  assert.ok(new URL(tab.url()).hash.startsWith('#/lab?v=1&s='), tab.url());
  await tab.getByTestId('nav-sim').click();
  await tab.getByTestId('timeline').waitFor();
  assert.equal(await tab.getByTestId('param-cores').inputValue(), '3', tab.url());
  await tab.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a moment changed just before a parameter change stays in the entry it belongs to', async () => {
  const { page, errors, context } = await openPage(browser, server.url, VIEWPORT);
  await change(page, 'param-cores', '3');
  await page.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  for (let k = 0; k < 4; k++) await page.getByTestId('step-forward').click();
  const t = (await shown(page)).t;
  // At once (well within the 300 ms the playhead's replace waits), a new parameter.
  await change(page, 'param-cores', '4');
  await page.waitForFunction(() => document.querySelector('[data-testid="param-cores"]').value === '4');
  await page.waitForTimeout(400);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="param-cores"]').value === '3');
  assert.equal((await shown(page)).t, t, 'back: the 3-core entry kept its playhead');
  assert.deepEqual(errors, []);
  await context.close();
});
