// End-to-end tests of the simulator screen against the release build: presets, playback,
// stepping, parameters, keyboard, tooltips, the glossary highlight, bad input, and a screenshot
// of every preset (look at them: tests/e2e/screenshots/preset-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, screenshot, timelineGeometry, laneRow } from './harness.mjs';

let browser, server;

before(async () => {
  browser = await launch();
  server = await serveDist({ isolated: false });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const ns = async (page) => Number(await page.getByTestId('playhead-time').getAttribute('data-ns'));
const canvasPixels = (page) => page.getByTestId('timeline').evaluate((c) => c.toDataURL());
const metric = (page, attr) => page.getByTestId('metrics').getAttribute(attr);

async function open() {
  const opened = await openPage(browser, server.url, { viewport: { width: 1400, height: 1000 } });
  await opened.page.getByTestId('timeline').waitFor();
  return opened;
}

test('first load shows the CPU-bound threads-vs-processes preset', async () => {
  const { page, errors, context } = await open();
  const selected = await page.getByTestId('preset-select').evaluate((s) => s.selectedOptions[0].dataset.name);
  assert.equal(selected, 'cpu-threads');
  assert.match(await page.getByTestId('lesson').innerText(), /GIL/);
  assert.equal(await ns(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('every preset loads, shows its lesson and a drawn timeline; screenshot of each', async () => {
  const { page, errors, context } = await open();
  const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
  assert.ok(names.length >= 8, `at least the 8 lessons of the issue (got ${names.length})`);
  const lessons = new Set();
  for (const name of names) {
    await page.getByTestId('preset-select').selectOption({ index: names.indexOf(name) });
    const lesson = await page.getByTestId('lesson').innerText();
    assert.ok(lesson.length > 20, `${name} has a lesson`);
    lessons.add(lesson);
    assert.ok(Number(await page.getByTestId('timeline').getAttribute('data-spans')) > 0, `${name} has spans`);
    await page.getByTestId('jump-end').click();
    assert.ok((await ns(page)) > 0, `${name} has a non-empty trace`);
    await page.getByTestId('verdict').waitFor();
    await screenshot(page, `preset-${name}`);
  }
  assert.equal(lessons.size, names.length, 'each preset has its own lesson');
  assert.deepEqual(errors, []);
  await context.close();
});

test('lanes full of sub-pixel spans are still painted (old GIL on 2 cores)', async () => {
  const { page, errors, context } = await open();
  const names = await page.getByTestId('preset-select').evaluate((s) => [...s.options].map((o) => o.dataset.name));
  await page.getByTestId('preset-select').selectOption({ index: names.indexOf('old-gil-multicore') });
  // Fraction of non-background pixels in the middle of each core row, from just right of the
  // label column (the canvas publishes its rows and label width as data attributes).
  const geometry = await timelineGeometry(page.getByTestId('timeline'));
  const cores = [0, 1].map((core) => laneRow(geometry, 'core', core));
  const painted = await page.getByTestId('timeline').evaluate((c, { cores, labelW }) => {
    const ctx = c.getContext('2d');
    const dpr = c.width / c.getBoundingClientRect().width;
    const bg = ctx.getImageData(2, 2, 1, 1).data;
    return cores.map((lane) => {
      const y = Math.round((lane.y + lane.h / 2) * dpr);
      const x0 = Math.round((labelW + 10) * dpr);
      const row = ctx.getImageData(x0, y, c.width - x0 - Math.round(20 * dpr), 1).data;
      let n = 0;
      for (let i = 0; i < row.length; i += 4) {
        if (row[i] !== bg[0] || row[i + 1] !== bg[1] || row[i + 2] !== bg[2]) n++;
      }
      return n / (row.length / 4);
    });
  }, { cores, labelW: geometry.labelW });
  for (const [core, f] of painted.entries()) {
    assert.ok(f > 0.5, `core ${core} row is mostly painted (${(100 * f).toFixed(0)} %)`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('play animates the canvas; pause stops it', async () => {
  const { page, context } = await open();
  const before = await canvasPixels(page);
  await page.getByTestId('play').click();
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true');
  await page.waitForTimeout(400);
  const t1 = await ns(page);
  const mid = await canvasPixels(page);
  await page.waitForTimeout(400);
  const t2 = await ns(page);
  assert.ok(t1 > 0 && t2 > t1, `time advances while playing (${t1} then ${t2})`);
  assert.notEqual(mid, before, 'the canvas changes over frames');
  await page.getByTestId('play').click();
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false');
  const paused = await ns(page);
  await page.waitForTimeout(300);
  assert.equal(await ns(page), paused, 'paused: time stands still');
  await context.close();
});

test('step forward and back move the playhead event by event', async () => {
  const { page, context } = await open();
  await page.getByTestId('step-forward').click();
  const a = await ns(page);
  await page.getByTestId('step-forward').click();
  const b = await ns(page);
  await page.getByTestId('step-forward').click();
  const c = await ns(page);
  assert.ok(a > 0 && b > a && c > b, `forward: ${a} < ${b} < ${c}`);
  await page.getByTestId('step-back').click();
  assert.equal(await ns(page), b, 'back returns to the previous event');
  await page.getByTestId('step-back').click();
  assert.equal(await ns(page), a);
  // The readout speaks in the seed's words.
  assert.match(await page.getByTestId('live-state').innerText(), /GIL/);
  // Scrub to an exact time.
  await page.getByTestId('scrub').evaluate((el) => {
    el.value = '5000000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await ns(page), 5000000);
  assert.match(await page.getByTestId('live-state').innerText(), /At 5 ms/);
  await context.close();
});

test('changing the switch interval re-simulates and changes the metrics', async () => {
  const { page, context } = await open();
  const switches5ms = Number(await metric(page, 'data-gil-switches'));
  await page.getByTestId('param-interval').selectOption('1000000');
  const switches1ms = Number(await metric(page, 'data-gil-switches'));
  assert.ok(switches1ms > 3 * switches5ms, `1 ms gives many more GIL switches (${switches5ms} -> ${switches1ms})`);
  await page.getByTestId('param-interval').selectOption('50000000');
  const switches50 = Number(await metric(page, 'data-gil-switches'));
  assert.ok(switches50 < switches5ms, `50 ms gives fewer (${switches50} < ${switches5ms})`);
  await context.close();
});

test('cores, workers, GIL mode and seed re-simulate in place', async () => {
  const { page, context } = await open();
  const wall = Number(await metric(page, 'data-wall-ns'));
  await page.getByTestId('param-gil').selectOption('free_threaded');
  const freeWall = Number(await metric(page, 'data-wall-ns'));
  assert.ok(freeWall < wall * 0.6, `free-threaded threads run in parallel (${wall} -> ${freeWall})`);
  await page.getByTestId('param-gil').selectOption('new');
  await page.getByTestId('param-cores').fill('1');
  await page.getByTestId('param-cores').dispatchEvent('change');
  const oneCore = await page.getByTestId('compare').locator('[data-mode="processes"]').getAttribute('data-speedup');
  assert.ok(Number(oneCore) <= 1.05, `processes cannot beat sequential on one core (${oneCore})`);
  const threadsBefore = Number(await page.getByTestId('timeline').getAttribute('data-threads'));
  await page.getByTestId('param-workers').fill('8');
  await page.getByTestId('param-workers').dispatchEvent('change');
  const threadsAfter = Number(await page.getByTestId('timeline').getAttribute('data-threads'));
  assert.ok(threadsAfter > threadsBefore, `more workers, more threads (${threadsBefore} -> ${threadsAfter})`);
  await context.close();
});

test('the live panel follows a parameter change without moving the playhead', async () => {
  const { page, context } = await open();
  for (let i = 0; i < 6; i++) await page.getByTestId('step-forward').click();
  assert.match(await page.getByTestId('live-state').innerText(), /GIL of P1/);
  await page.getByTestId('param-gil').selectOption('free_threaded');
  const live = await page.getByTestId('live-state').innerText();
  assert.doesNotMatch(live, /GIL of P1/, 'no GIL is described once the build has none');
  assert.match(live, /no GIL/);
  await context.close();
});

test('bad parameter input names the field and keeps the last good run', async () => {
  const { page, errors, context } = await open();
  const wall = await metric(page, 'data-wall-ns');
  await page.getByTestId('param-cores').fill('0');
  await page.getByTestId('param-cores').dispatchEvent('change');
  const err = page.getByTestId('param-error');
  await err.waitFor();
  assert.match(await err.innerText(), /cores/);
  assert.equal(await metric(page, 'data-wall-ns'), wall, 'the last good run stays');
  await page.getByTestId('param-workers').fill('100000');
  await page.getByTestId('param-workers').dispatchEvent('change');
  assert.match(await err.innerText(), /threads \/ processes/);
  // A run too big for the browser is refused with the cap named, not crashed or truncated.
  await page.getByTestId('param-workers').fill('64');
  await page.getByTestId('param-workers').dispatchEvent('change');
  const wall64 = await metric(page, 'data-wall-ns');
  assert.notEqual(wall64, wall, '64 workers is a valid run');
  await page.getByTestId('param-interval').selectOption('1000');
  assert.match(await err.innerText(), /max_events/);
  assert.equal(await metric(page, 'data-wall-ns'), wall64, 'still the last good run');
  await page.getByTestId('param-cores').fill('2');
  await page.getByTestId('param-cores').dispatchEvent('change');
  assert.equal(await page.getByTestId('param-error').count(), 0, 'a good value clears the error');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard: Space, arrows, Home/End and +/- drive the transport', async () => {
  const { page, context } = await open();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  const a = await ns(page);
  assert.ok(a > 0, 'ArrowRight steps forward');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await ns(page), a, 'ArrowLeft steps back');
  await page.keyboard.press('End');
  const end = await ns(page);
  assert.ok(end > a, 'End jumps to the end');
  await page.keyboard.press('Home');
  assert.equal(await ns(page), 0, 'Home jumps to the start');
  const speed = Number(await page.getByTestId('speed').getAttribute('data-speed'));
  await page.keyboard.press('+');
  assert.ok(Number(await page.getByTestId('speed').getAttribute('data-speed')) > speed, '+ is faster');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  assert.ok(Number(await page.getByTestId('speed').getAttribute('data-speed')) < speed, '- is slower');
  // Keys typed into a field are the field's: "-" is a character there, not "slower".
  const before = await page.getByTestId('speed').getAttribute('data-speed');
  await page.getByTestId('param-seed').fill('');
  await page.getByTestId('param-seed').click();
  await page.keyboard.type('7-+');
  assert.equal(await page.getByTestId('speed').getAttribute('data-speed'), before, 'typing "-" and "+" leaves the speed');
  // On the lab's view the keys are not the hidden simulator's.
  await page.getByTestId('nav-lab').click();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await page.keyboard.press('+');
  await page.getByTestId('lab-size').fill('');
  await page.getByTestId('lab-size').click();
  await page.keyboard.type('5_000-000+');
  assert.equal(await page.getByTestId('speed').getAttribute('data-speed'), before, 'the lab\'s keys leave the speed');
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false', 'Space on the lab does not play');
  assert.equal(await page.getByTestId('lab-size').inputValue(), '5_000-000+', 'the field got every character');
  await page.getByTestId('nav-sim').click();
  await page.getByTestId('param-seed').fill('1');
  await page.getByTestId('param-seed').dispatchEvent('change');
  // After clicking a button, End still jumps to the end (Space and Enter are the button's).
  await page.getByTestId('step-forward').click();
  await page.keyboard.press('End');
  assert.equal(await ns(page), end, 'End works with a button focused');
  await page.keyboard.press('Home');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'true', 'Space plays');
  await page.waitForTimeout(300);
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('play').getAttribute('aria-pressed'), 'false', 'Space pauses');
  assert.ok((await ns(page)) > 0);
  await context.close();
});

test('hover tooltips describe a lane; the glossary highlights what a term names', async () => {
  const { page, context } = await open();
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  const box = await page.getByTestId('timeline').boundingBox();
  // The GIL lane is the last row of the canvas.
  const gil = (await timelineGeometry(page.getByTestId('timeline'))).rows.at(-1);
  assert.equal(gil.row, 'gil');
  await page.mouse.move(box.x + box.width * 0.4, box.y + gil.y + gil.h / 2);
  const tip = page.getByTestId('tooltip');
  await tip.waitFor();
  assert.match(await tip.innerText(), /GIL of P1 (held by T\d+|free) since/);
  await page.mouse.move(box.x + 5, box.y + 5);
  const plain = await canvasPixels(page);
  await page.getByTestId('glossary').locator('[data-term="GIL"]').hover();
  const lit = await canvasPixels(page);
  assert.notEqual(lit, plain, 'hovering "GIL" changes the timeline (GIL lanes outlined)');
  for (const term of ['Process', 'Thread', 'CPU (core)']) {
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.getByTestId('glossary').locator(`[data-term="${term}"]`).hover();
    const other = await canvasPixels(page);
    assert.notEqual(other, plain, `hovering "${term}" highlights what it names`);
    assert.notEqual(other, lit, `"${term}" highlights something other than the GIL lanes`);
  }
  await page.getByTestId('glossary').locator('[data-term="GIL"]').screenshot();
  await screenshot(page, 'glossary-gil-highlight');
  await context.close();
});
