// The checks that engines.test.mjs runs in each WebDriver engine (Firefox ESR, WebKitGTK), the
// same for both: boot, the isolation status and its threads message, a preset, play, and the
// lab's processes mode, on an AppPage (page.mjs). Elements are found by data-testid (and the
// loading placeholder by its id, #boot). Each check has assertions that fail when it breaks.
import assert from 'node:assert/strict';
import { Select } from './selenium.mjs';
import { sleep } from './page.mjs';

// Small lab inputs: a run of both processes-mode parts takes well under a second.
const LAB = { size: '300000', chunks: '16', workers: '2' };

/** 1. Boot: the app root renders, the loading placeholder is gone, no error banners. */
export async function checkBoot(page) {
  assert.equal(await page.count('app-root'), 1, 'the app root is rendered');
  assert.equal(await page.exec('return document.getElementById("boot")'), null, 'the #boot placeholder is gone');
  assert.equal(await page.count('boot-error'), 0, 'no "could not start" message');
  assert.equal(await page.count('fatal-error'), 0, 'no internal-error banner');
  assert.ok((await page.text('simulator-area')).length > 0, 'the simulator area shows');
  assert.deepEqual(await page.engine.errors(), [], 'no console errors or uncaught exceptions');
}

/**
 * 2. The isolation pill says what the page reads from crossOriginIsolated, and the threads
 * message fits: not isolated, threads are off; isolated without SharedArrayBuffer (WebKitGTK),
 * the app says threads could not start and why; isolated with it, the pool starts.
 * `expect` may require { isolated, sharedArrayBuffer } of the engine. Resolves to the facts.
 */
export async function checkIsolation(page, expect = {}) {
  const facts = await page.exec(
    'return { isolated: self.crossOriginIsolated, sab: typeof SharedArrayBuffer !== "undefined", cores: navigator.hardwareConcurrency }');
  assert.equal(await page.attr('isolation-status', 'data-isolated'), String(facts.isolated),
    'data-isolated equals String(crossOriginIsolated)');
  if (expect.isolated !== undefined) {
    assert.equal(facts.isolated, expect.isolated, `crossOriginIsolated is ${expect.isolated}`);
  }
  if (expect.sharedArrayBuffer !== undefined) {
    assert.equal(facts.sab, expect.sharedArrayBuffer,
      `SharedArrayBuffer ${expect.sharedArrayBuffer ? 'exists' : 'is absent'} (if this changed, update README's engine notes)`);
  }
  if (!facts.isolated) {
    // The lab's note (in the lab's view, so read as text content wherever the page is).
    assert.match(await textContent(page, 'lab-threads-off'), /threads modes are off/);
    assert.equal(await page.attr('thread-count', 'data-threads'), '0');
    facts.message = 'lab-threads-off';
  } else if (!facts.sab) {
    await page.until('return document.querySelector(\'[data-testid="thread-count"]\')?.textContent.includes("failed")', 30000, 'the pool to fail');
    const text = await textContent(page, 'lab-threads-off');
    assert.match(text, /threads modes are off/);
    assert.match(text, /no SharedArrayBuffer/);
    assert.equal(await page.attr('thread-count', 'data-threads'), '0');
    facts.message = 'lab-threads-off (failed)';
  } else {
    await page.until('return document.querySelector(\'[data-testid="thread-count"]\')?.dataset.threads !== "0"',
      30000, 'the worker threads to start');
    assert.equal(await page.attr('thread-count', 'data-threads'), String(facts.cores));
    assert.equal(await page.count('lab-threads-off'), 0);
    facts.message = 'none (threads running)';
  }
  return facts;
}

/** An element's text content, shown or not (WebDriver's text is empty for a hidden view). */
const textContent = (page, testid) => page.exec(
  `return document.querySelector('[data-testid="${testid}"]')?.textContent ?? ''`);

const timelinePixels = (page) => page.exec(
  'return document.querySelector(\'[data-testid="timeline"]\').toDataURL()');

/** 3. A non-default preset from the lesson picker: its lesson shows and the timeline redraws. */
export async function checkPreset(page) {
  const select = await page.find('preset-select');
  const names = await page.exec('return [...arguments[0].options].map((o) => o.dataset.name)', select);
  const current = await page.exec('return arguments[0].selectedOptions[0].dataset.name', select);
  const target = names.find((n) => n === 'io-threads') ?? names.find((n) => n !== current);
  assert.ok(target && target !== current, `a preset other than ${current} (of ${names.join(', ')})`);
  const lessonBefore = await page.text('lesson');
  const pixelsBefore = await timelinePixels(page);
  await page.exec('arguments[0].scrollIntoView({ block: "center" })', select);
  await new Select(select).selectByIndex(names.indexOf(target));
  await page.until(`return document.querySelector('[data-testid="preset-select"]').selectedOptions[0].dataset.name === ${JSON.stringify(target)}`,
    5000, `the picker to show ${target}`);
  await page.until(`return document.querySelector('[data-testid="lesson"]').innerText !== ${JSON.stringify(lessonBefore)}`,
    5000, 'the lesson text to change');
  assert.ok((await page.text('lesson')).length > 20, 'the new lesson has words');
  const canvas = await page.exec(`const c = document.querySelector('[data-testid="timeline"]');
    const r = c.getBoundingClientRect();
    return { w: c.width, h: c.height, cssW: r.width, cssH: r.height, spans: Number(c.dataset.spans) };`);
  assert.ok(canvas.w > 0 && canvas.h > 0 && canvas.cssW > 0 && canvas.cssH > 0,
    `the timeline canvas has a size (${JSON.stringify(canvas)})`);
  assert.ok(canvas.spans > 0, 'the timeline has spans');
  await page.until(`return document.querySelector('[data-testid="timeline"]').toDataURL() !== ${JSON.stringify(pixelsBefore)}`,
    5000, 'the timeline canvas to redraw');
  return target;
}

const playheadNs = (page) => page.attr('playhead-time', 'data-ns').then(Number);

/** 4. Play advances the playhead (its data-ns and the readout); pressing again pauses. */
export async function checkPlay(page) {
  const t0 = await playheadNs(page);
  const readout0 = await page.text('playhead-time');
  await page.click('play');
  assert.equal(await page.attr('play', 'aria-pressed'), 'true', 'play is pressed');
  await sleep(500);
  const t1 = await playheadNs(page);
  await sleep(500);
  const t2 = await playheadNs(page);
  assert.ok(t1 > t0 && t2 > t1, `time advances while playing (${t0} then ${t1} then ${t2} ns)`);
  assert.notEqual(await page.text('playhead-time'), readout0, 'the time readout changes');
  await page.click('play');
  assert.equal(await page.attr('play', 'aria-pressed'), 'false', 'pressed again, it pauses');
  return { t1, t2 };
}

async function fill(page, id, value) {
  const el = await page.find(id);
  await page.exec('arguments[0].scrollIntoView({ block: "center" })', el);
  await el.clear();
  await el.sendKeys(value);
  assert.equal(await el.getAttribute('value'), value, `${id} holds ${value}`);
}

/**
 * 5. The lab (opened at `<url>#/lab`): the processes mode runs with 2 workers after its
 * sequential baseline, and both give the same answer. Where the page has no thread pool the
 * threads modes are disabled and a note says why.
 */
export async function checkLabProcesses(page) {
  await page.until('return document.querySelector(\'[data-testid="lab"]\')', 10000, 'the lab');
  if (await page.exec('return self.crossOriginIsolated && typeof SharedArrayBuffer !== "undefined"')) {
    await page.until('return document.querySelector(\'[data-testid="thread-count"]\')?.dataset.threads !== "0"',
      30000, 'the worker threads to start');
  }
  const threads = Number(await page.attr('thread-count', 'data-threads')) > 0;
  const disabled = await page.exec(`return [...document.querySelector('[data-testid="lab-mode"]').options]
    .filter((o) => o.disabled).map((o) => o.value)`);
  if (threads) {
    assert.deepEqual(disabled, [], 'with a thread pool every mode is on');
  } else {
    assert.deepEqual(disabled, ['threads', 'gil'], 'without a thread pool the threads modes are off');
    assert.match(await page.text('lab-threads-off'), /threads modes are off/);
  }
  await fill(page, 'lab-size', LAB.size);
  await fill(page, 'lab-chunks', LAB.chunks);
  await fill(page, 'lab-workers', LAB.workers);
  await new Select(await page.find('lab-mode')).selectByValue('processes');
  const before = Number(await page.attr('lab', 'data-runs-ended'));
  await page.click('lab-run');
  await page.until(`const lab = document.querySelector('[data-testid="lab"]');
    return Number(lab?.dataset.runsEnded) > ${before} &&
      document.querySelector('[data-testid="lab-progress"]')?.dataset.state === 'idle';`,
  60000, 'the lab run to end');
  assert.equal(await page.count('lab-error'), 0, 'no lab error');
  const rows = await page.exec(`return [...document.querySelectorAll('[data-testid="lab-result"]')].map((r) => ({
    mode: r.dataset.mode, workers: Number(r.dataset.workers), ms: Number(r.dataset.ms), result: r.dataset.result }))`);
  assert.deepEqual(rows.map((r) => r.mode), ['sequential', 'processes'], 'a sequential baseline, then processes');
  assert.equal(rows[1].workers, 2, 'two process workers');
  assert.ok(Number(rows[0].result) > 0, 'the baseline found a result');
  assert.equal(rows[1].result, rows[0].result, 'processes give the same result');
  return rows;
}

/**
 * 6. The program: the lesson's Python beside the timeline with each thread's line marked after
 * a few steps; the editor loads as CodeMirror (the lazily loaded editor.js works in this
 * engine), typing a stray "(" at the end is shown as an error at its line, and "Start from
 * lesson" runs the lesson again. Resolves to { lines, marked, errorLine }.
 */
export async function checkProgram(page) {
  const lines = await page.exec('return document.querySelectorAll(\'[data-testid="code-line"]\').length');
  assert.ok(lines > 10, `the program is shown (${lines} lines)`);
  for (let i = 0; i < 6; i++) await page.click('step-forward');
  const marked = await page.exec('return [...document.querySelectorAll(\'[data-testid="code-line"]\')].filter((l) => l.dataset.threads).map((l) => l.dataset.line + ":" + l.dataset.threads)');
  assert.ok(marked.length > 0, 'some thread is on a line');
  await page.click('edit-program');
  await page.until('return document.querySelector(\'[data-testid="editor"]\')?.dataset.ready === "true"', 30000, 'the editor to load');
  assert.equal(await page.attr('editor', 'data-kind'), 'codemirror', 'CodeMirror loaded, not the fallback');
  const content = await page.find('editor-content');
  await page.exec('arguments[0].scrollIntoView({ block: "center" })', content);
  await content.click();
  // Ctrl+End, then a stray bracket on a new line.
  const { Key } = await import('selenium-webdriver');
  await page.engine.driver.actions().keyDown(Key.CONTROL).sendKeys(Key.END).keyUp(Key.CONTROL)
    .sendKeys(Key.ENTER, 'x = (').perform();
  try {
    await page.until('return document.querySelector(\'[data-testid="editor-error"]\')', 10000, 'the error to show');
  } catch (e) {
    const tail = await page.exec('return document.querySelector(".cm-content").textContent.slice(-80)');
    throw new Error(`${e.message}; the editor ends with ${JSON.stringify(tail)}`);
  }
  const errorLine = Number(await page.attr('editor-error', 'data-line'));
  // The program (its text ends with a newline, so the editor has one more, empty, line) got
  // a new line at its end: line `lines + 2`. (CodeMirror draws only the lines in view, so its
  // .cm-line elements cannot be counted.)
  assert.equal(errorLine, lines + 2, `the error is on the new last line (${lines + 2})`);
  await page.click('start-from-lesson');
  await page.until('return !document.querySelector(\'[data-testid="editor-error"]\')', 10000, 'the error to clear');
  await page.click('edit-done');
  return { lines, marked: marked.length, errorLine };
}
