// End-to-end tests of the program view and editor (issue 13): every lesson is a Python program
// beside its timeline; each thread's line is marked at the playhead and moves as you step;
// clicking a line moves the playhead to the next time that line starts; hovering a span lights
// its line; editing the program (a new thread) re-simulates with a new lane; a syntax error is
// shown at its line and keeps the last run; the program is saved on the device; predict mode
// hides the rest of the run until the answer; the Perfetto, CSV, PNG and .py exports download
// and the Perfetto file is valid Trace Event JSON; files import by picker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** Which threads each marked line holds: { line: 'main/Thread-1,...' }. */
const marked = (page) => page.$$eval('[data-testid="code-line"]', (lines) =>
  Object.fromEntries(lines.filter((l) => l.dataset.threads).map((l) => [l.dataset.line, l.dataset.threads])));
const playhead = async (page) => Number(await page.getByTestId('playhead-time').getAttribute('data-ns'));
const threads = async (page) => Number(await page.getByTestId('timeline').getAttribute('data-threads'));

/** The editor's line holding `text`, scrolled to (CodeMirror renders only the lines in view). */
async function editorLine(page, text) {
  await page.evaluate(() => { document.querySelector('.cm-host').scrollTop = 0; });
  for (let i = 0; i < 60; i++) {
    const line = page.locator('.cm-line', { hasText: text });
    if (await line.count()) {
      await line.first().scrollIntoViewIfNeeded();
      return line.first();
    }
    await page.evaluate(() => { document.querySelector('.cm-host').scrollTop += 120; });
    await page.waitForTimeout(50);
  }
  throw new Error(`the editor has no line with ${text}`);
}

test('each thread\'s line is marked at the playhead, moves as you step, and a click on a line seeks to it', async () => {
  const { page, errors } = await openPage(browser, server.url, { viewport: { width: 1366, height: 768 } });
  await page.getByTestId('code-view').waitFor();
  const lines = await page.$$eval('[data-testid="code-line"]', (l) => l.map((x) => x.textContent));
  assert.ok(lines.some((l) => l.includes('threading.Thread(target=work, name="Thread-1")')), 'the lesson is its Python program');
  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.getByTestId('step-forward').click();
    seen.add(JSON.stringify(await marked(page)));
  }
  assert.ok(seen.size >= 3, `the markers move as you step (${seen.size} distinct placements)`);
  const now = await marked(page);
  const cpuLine = Object.keys(now).find((l) => lines[Number(l) - 1].includes('cpu(0.1)'));
  assert.ok(cpuLine, `a worker is on cpu(0.1) once started: ${JSON.stringify(now)}`);
  assert.match(now[cpuLine], /Thread-/);
  // One marker per thread, named, in its colour.
  const markers = await page.$$eval('[data-testid="line-marker"]', (m) => m.map((x) => [x.dataset.thread, getComputedStyle(x).borderLeftColor]));
  assert.equal(new Set(markers.map((m) => m[0])).size, markers.length, 'one marker per thread');
  assert.ok(new Set(markers.map((m) => m[1])).size >= Math.min(2, markers.length), 'threads have their own colours');

  // Clicking the join line moves the playhead to the next time it starts.
  await page.getByTestId('jump-start').click();
  const joinLine = lines.findIndex((l) => l.includes('t_thread_1.join()')) + 1;
  const before = await playhead(page);
  await page.locator(`[data-testid="code-line"][data-line="${joinLine}"] button.ln`).click();
  const after = await playhead(page);
  assert.ok(after > before, `the playhead moved (${before} -> ${after})`);
  const there = await marked(page);
  assert.match(there[String(joinLine)] ?? '', /MainThread/, `the main thread is on line ${joinLine} there: ${JSON.stringify(there)}`);

  // Hovering a thread's span lights its line.
  const canvas = page.getByTestId('timeline');
  const box = await canvas.boundingBox();
  const geo = await timelineGeometry(canvas);
  const t2 = laneRow(geo, 'thread', 1);
  await page.mouse.move(box.x + geo.labelW + (box.width - geo.labelW) * 0.3, box.y + t2.y + t2.h / 2);
  const lit = await page.$$eval('.code-line.hovered', (l) => l.map((x) => x.textContent));
  assert.equal(lit.length, 1, 'one line is lit');
  assert.match(lit[0], /cpu\(0\.1\)/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the code view at 1024×768 and 1366×768, light and dark: beside the timeline when wide, nothing sideways', async () => {
  for (const [w, h] of [[1024, 768], [1366, 768]]) {
    for (const scheme of ['light', 'dark']) {
      const { page, errors } = await openPage(browser, server.url, { viewport: { width: w, height: h }, colorScheme: scheme });
      for (let i = 0; i < 8; i++) await page.getByTestId('step-forward').click();
      const box = (q) => page.locator(q).first().boundingBox();
      const [code, timeline] = [await box('[data-testid="code-view"]'), await box('[data-testid="timeline"]')];
      if (w >= 1200) {
        assert.ok(code.x > timeline.x + timeline.width, 'the program is beside the timeline');
        assert.ok(code.y < h, 'and on the first screen');
      } else {
        assert.ok(code.y > timeline.y, 'the program is under the timeline');
      }
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(sw <= w, `nothing scrolls sideways (${sw} > ${w})`);
      await page.getByTestId('code-view').scrollIntoViewIfNeeded();
      await screenshot(page, `code-view-${w}x${h}-${scheme}`, { fullPage: false });
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  }
});

test('editing the program re-simulates; a syntax error shows at its line and keeps the last run; the text is saved', async () => {
  const { page, errors } = await openPage(browser, server.url, { viewport: { width: 1366, height: 768 } });
  await page.getByTestId('edit-program').click();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  assert.equal(await page.getByTestId('editor').getAttribute('data-kind'), 'codemirror');
  const before = await threads(page);
  // A fifth worker: declared and started after the fourth.
  await (await editorLine(page, 't_thread_4.start()')).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('# one more worker');
  await page.keyboard.press('Enter');
  await page.keyboard.type('t_thread_5 = threading.Thread(target=work, name="Thread-5")');
  await page.keyboard.press('Enter');
  await page.keyboard.type('t_thread_5.start()');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="timeline"]').dataset.threads) === n, before + 1);
  assert.equal(await page.getByTestId('editor-error').count(), 0);
  assert.match(await page.getByTestId('preset-select').locator('option:checked').innerText(), /Custom/);
  const lanes = await page.getByTestId('timeline').getAttribute('data-rows');
  assert.match(lanes, /"thread"/);
  await screenshot(page, 'editor-1366x768-light', { fullPage: false });

  // A syntax error: shown at its line, and the five-thread run stays.
  await (await editorLine(page, 'cpu(0.1)')).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  const err = page.getByTestId('editor-error');
  await err.waitFor();
  const line = Number(await err.getAttribute('data-line'));
  // The line number the editor's gutter shows beside the unclosed call.
  const numbered = await page.evaluate(() => {
    const l = [...document.querySelectorAll('.cm-line')].find((x) => x.textContent.includes('cpu(0.1') && !x.textContent.includes('cpu(0.1)'));
    const y = l.getBoundingClientRect().top;
    const g = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].find((e) => Math.abs(e.getBoundingClientRect().top - y) < 3);
    return Number(g.textContent);
  });
  assert.equal(line, numbered, 'the error names the line of the unclosed call');
  assert.match(await err.innerText(), /never closed/);
  assert.equal(await threads(page), before + 1, 'the last good run stays');
  assert.ok(await page.locator('.cm-lint-marker-error, .cm-lintRange-error').count() > 0, 'the error is marked in the editor');
  // Undo fixes it.
  await page.keyboard.press('Control+z');
  await err.waitFor({ state: 'detached' });

  // The link carries the program itself: after a reload its comment is still there.
  await page.getByTestId('edit-done').click();
  await page.waitForFunction(() => location.hash.includes('s='));
  await page.reload();
  await page.getByTestId('code-view').waitFor();
  assert.match(await page.getByTestId('code-view').innerText(), /# one more worker/);
  assert.equal(await threads(page), before + 1);
  // Saved on the device: on the lesson, "Reopen my saved program" brings it back.
  await page.goto(server.url + '#/sim');
  await page.reload();
  await page.getByTestId('edit-program').click();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  assert.equal(await threads(page), before, 'the lesson, as it was');
  await page.getByTestId('reopen-saved').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="timeline"]').dataset.threads) === n, before + 1);
  // And "Start from this lesson" puts the lesson back.
  await page.getByTestId('start-from-lesson').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="timeline"]').dataset.threads) === n, before);
  // Another lesson closes the editor (its text would be stale), and the view shows that lesson.
  await page.getByTestId('preset-select').selectOption({ label: 'Convoy' });
  await page.getByTestId('edit-program').waitFor();
  assert.equal(await page.getByTestId('editor').count(), 0);
  assert.match(await page.getByTestId('code-view').innerText(), /Name: convoy/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('predict mode hides the rest of the run, the metrics and the verdict until the answer', async () => {
  for (const [w, h] of [[1366, 768], [1024, 768]]) {
    for (const scheme of ['light', 'dark']) {
      const { page, errors } = await openPage(browser, server.url, { viewport: { width: w, height: h }, colorScheme: scheme });
      const lessonText = await page.getByTestId('lesson').innerText();
      await page.getByTestId('predict-toggle').click();
      assert.equal(await page.getByTestId('predict-toggle').getAttribute('aria-pressed'), 'true');
      assert.notEqual(await page.getByTestId('lesson').innerText(), lessonText, 'the lesson (the answer) is hidden');
      assert.match(await page.getByTestId('predict-question').innerText(), /How\s+long/i);
      assert.equal(await page.getByTestId('hidden-panel').count(), 2, 'metrics and the four-way verdict are hidden');
      const program = await page.getByTestId('code-view').innerText();
      assert.ok(!program.includes(lessonText.slice(0, 30)), 'the program\'s docstring does not give the lesson away');
      assert.match(program, /Lesson: \(hidden until you reveal\)/);
      assert.equal(await page.getByTestId('verdict').count(), 0);
      assert.match(await page.getByTestId('playhead-time').innerText(), /\/ \?$/, 'the end time is hidden');
      assert.equal(await page.getByTestId('scrub').count(), 0, 'the scrub slider (its length is the end) is gone');
      const axisEnd = Number((await page.getByTestId('timeline').getAttribute('data-window')).split(' ')[1]);
      assert.ok(axisEnd <= 1_000_000, `the time axis does not span the run (${axisEnd} ns)`);
      assert.equal(await page.getByTestId('edit-program').isDisabled(), true, 'no editor while the answer is hidden');
      await screenshot(page, `predict-${w}x${h}-${scheme}`, { fullPage: false });
      // A bad answer says what to type; a good one reveals.
      await page.getByTestId('predict-answer').fill('soon');
      await page.getByTestId('reveal').click();
      assert.match(await page.locator('#predict-error').innerText(), /milliseconds/);
      await page.getByTestId('predict-answer').fill('100');
      await page.getByTestId('predict-extra').selectOption('processes');
      await page.getByTestId('reveal').click();
      const result = page.getByTestId('predict-result');
      await result.waitFor();
      // The model's wall time is the trace's (the readout's end, now shown): the error follows.
      const end = await page.getByTestId('playhead-time').innerText();
      assert.doesNotMatch(end, /\?$/, 'revealed: the end time is shown');
      const pct = Number(await result.getAttribute('data-error-pct'));
      assert.match(await result.innerText(), /You said 100\.0 ms; the model says/);
      assert.ok(Number.isFinite(pct) && pct < 0, `100 ms is below the model's ~400 ms: ${pct}%`);
      assert.match(await page.getByTestId('predict-extra-result').innerText(), /Fastest way: you said Processes; the model says Processes: right/);
      assert.equal(await page.getByTestId('predict-extra-result').getAttribute('data-right'), 'true');
      assert.ok((await page.getByTestId('predict-why').innerText()).length > 20, 'an explanation from the trace');
      assert.equal(await page.getByTestId('hidden-panel').count(), 0, 'revealed: metrics and verdict are back');
      assert.equal(await page.getByTestId('scrub').count(), 1, 'revealed: the slider is back');
      await screenshot(page, `predict-revealed-${w}x${h}-${scheme}`, { fullPage: false });
      const f = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(f <= w, `nothing scrolls sideways (${f} > ${w})`);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  }
});

/** Clicks an export button (inside the Files section) and returns the downloaded bytes. */
async function exported(page, testid) {
  const files = page.locator('details.files:not(.machine)');
  if (!(await files.evaluate((d) => d.open))) await files.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

test('the exports download: Perfetto is valid Trace Event JSON with a track per thread and the GIL; CSV, PNG, .py; files import', async () => {
  const { page, errors } = await openPage(browser, server.url + '#/sim', { viewport: { width: 1366, height: 900 } });
  const perfetto = await exported(page, 'export-perfetto');
  assert.match(perfetto.name, /\.json$/);
  const doc = JSON.parse(perfetto.bytes.toString('utf8'));
  assert.ok(Array.isArray(doc.traceEvents) && doc.traceEvents.length > 100);
  const tracks = new Map();
  for (const e of doc.traceEvents) {
    assert.equal(typeof e.name, 'string', JSON.stringify(e));
    assert.ok(['M', 'X', 'i'].includes(e.ph), `known phase: ${e.ph}`);
    assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid), JSON.stringify(e));
    if (e.ph === 'M') continue;
    assert.ok(Number.isFinite(e.ts) && e.ts >= 0, JSON.stringify(e));
    if (e.ph === 'X') {
      assert.ok(Number.isFinite(e.dur) && e.dur >= 0, JSON.stringify(e));
      const k = `${e.pid}/${e.tid}`;
      if (!tracks.has(k)) tracks.set(k, []);
      tracks.get(k).push([e.ts, e.ts + e.dur]);
    }
    if (e.ph === 'i') assert.ok(['t', 'p', 'g'].includes(e.s), JSON.stringify(e));
  }
  for (const [k, spans] of tracks) {
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i][0] >= spans[i - 1][1] - 1e-6, `track ${k}: slices ${i - 1} and ${i} overlap`);
  }
  const names = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args.name);
  const nThreads = await threads(page);
  assert.equal(names.filter((n) => /GIL/.test(n)).length, 1, 'one GIL track');
  for (const t of ['MainThread', 'Thread-1', 'Thread-2', 'Thread-3', 'Thread-4']) assert.ok(names.includes(t), `a track for ${t}: ${names}`);
  assert.ok(names.length >= nThreads + 1);

  const csv = (await exported(page, 'export-csv')).bytes.toString('utf8').trim().split('\n');
  assert.match(csv[0], /^lane,lane_index,name,process,state,start_ns,end_ns,duration_ns/);
  assert.ok(csv.length > 50);
  const png = (await exported(page, 'export-png')).bytes;
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.ok(png.length > 5000);
  const py = await exported(page, 'export-py');
  assert.equal(py.name, 'cpu-threads.py');
  assert.match(py.bytes.toString('utf8'), /from gil_lab import/);
  const helper = await exported(page, 'export-helper');
  assert.equal(helper.name, 'gil_lab.py');

  // Import: a program file opens as a custom lesson; a broken one is refused naming its line.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-import-'));
  const good = py.bytes.toString('utf8').replace('tasks=4', 'tasks=4').replace('name="Thread-4")', 'name="Thread-4")\n    t_more = threading.Thread(target=work, name="more")\n    t_more.start()');
  fs.writeFileSync(path.join(dir, 'mine.py'), good);
  await page.getByTestId('import-file').setInputFiles(path.join(dir, 'mine.py'));
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="timeline"]').dataset.threads) === n, nThreads + 1);
  fs.writeFileSync(path.join(dir, 'broken.py'), good.replace('cpu(0.1)', 'cpu(0.1'));
  await page.getByTestId('import-file').setInputFiles(path.join(dir, 'broken.py'));
  const refused = page.getByTestId('import-error');
  await refused.waitFor();
  assert.match(await refused.innerText(), /broken\.py: line \d+, col \d+/);
  assert.equal(await threads(page), nThreads + 1, 'the last good run stays');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('CPython in the loop: the exported program, recorded in real python3, opens beside the prediction with the error per thread', async () => {
  const { page, errors } = await openPage(browser, server.url + '#/sim', { viewport: { width: 1366, height: 900 } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-record-'));
  for (const id of ['export-py', 'export-helper']) {
    const f = await exported(page, id);
    fs.writeFileSync(path.join(dir, f.name), f.bytes);
  }
  const { execFileSync } = await import('node:child_process');
  execFileSync('python3', ['cpu-threads.py', '--record', 'run.json'], { cwd: dir, timeout: 60000 });
  const panel = page.getByTestId('measured-panel');
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId('import-run').setInputFiles(path.join(dir, 'run.json'));
  const table = page.getByTestId('fidelity-table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, Number(tr.dataset.predictedMs), Number(tr.dataset.measuredMs)]));
  assert.equal(rows.length, 1 + 5, `the wall time and the five threads: ${JSON.stringify(rows)}`);
  for (const [what, p, m] of rows) {
    assert.ok(p > 0 && m > 0, `${what}: predicted ${p} ms, measured ${m} ms`);
  }
  // The wall time is the program's; each thread lives within it (no timing is asserted: the
  // machine is shared and its speed moves).
  const wall = rows[0];
  for (const [what, , m] of rows.slice(1)) assert.ok(m <= wall[2] + 1, `${what} (${m} ms) within the wall time (${wall[2]} ms)`);
  assert.match(await page.getByTestId('cpu-got').innerText(), /cpu\(\) work got \d\.\d\d× the CPU time it asked for/);
  assert.equal(await page.getByTestId('measured-lane').locator('canvas').count(), 1, 'the measured lanes are drawn');
  await page.getByTestId('measured-lane').scrollIntoViewIfNeeded();
  await screenshot(page, 'measured-1366x900-light', { fullPage: false });
  // A damaged recording names its field and keeps the table.
  const bad = fs.readFileSync(path.join(dir, 'run.json'), 'utf8').replace('"version": 1', '"version": 9');
  fs.writeFileSync(path.join(dir, 'bad.json'), bad);
  await page.getByTestId('import-run').setInputFiles(path.join(dir, 'bad.json'));
  await page.getByTestId('run-error').waitFor();
  assert.match(await page.getByTestId('run-error').innerText(), /bad\.json: the recording: version: unsupported recording version 9/);
  assert.equal(await table.count(), 1, 'the last comparison stays');
  // Another program's recording is refused, naming the program check.
  const seeds = path.join(process.cwd(), 'fuzz/seeds/recording_json');
  await page.getByTestId('import-run').setInputFiles(path.join(seeds, 'real-io-asyncio.json'));
  await page.waitForFunction(() => /another program/.test(document.querySelector('[data-testid="run-error"]')?.innerText ?? ''));
  assert.equal(await table.count(), 1, 'the last comparison stays');
  // This program's recording without its program's hash (an older helper): compared, with a
  // warning that it was matched by its structure only.
  const rec = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  delete rec.program_sha256;
  fs.writeFileSync(path.join(dir, 'older.json'), JSON.stringify(rec));
  await page.getByTestId('import-run').setInputFiles(path.join(dir, 'older.json'));
  const warning = page.getByTestId('run-warning');
  await warning.first().waitFor();
  assert.match(await warning.first().innerText(), /does not name its program/);
  await warning.first().scrollIntoViewIfNeeded();
  for (const [w, h] of [[1024, 768], [1366, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    await warning.first().scrollIntoViewIfNeeded();
    await screenshot(page, `measured-warning-${w}x${h}-light`, { fullPage: false });
    const wide = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(wide[0] <= wide[1], `${w}x${h}: nothing scrolls sideways with a comparison open (${wide[0]} > ${wide[1]})`);
    const table = await page.getByTestId('fidelity-table').boundingBox();
    const panel = await page.getByTestId('measured-panel').boundingBox();
    const pad = await page.getByTestId('measured-panel').evaluate((el) => parseFloat(getComputedStyle(el).paddingRight));
    assert.ok(table.x + table.width <= panel.x + panel.width - pad + 1, `${w}x${h}: the comparison fits inside its panel`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await warning.first().scrollIntoViewIfNeeded();
  await screenshot(page, 'measured-warning-1366x768-dark', { fullPage: false });
  await page.emulateMedia({ colorScheme: 'light' });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a machine profile: opened from a file, it changes the run, says "Calibrated to", is remembered, and the defaults come back', async () => {
  const { page, errors } = await openPage(browser, server.url + '#/sim', { viewport: { width: 1366, height: 900 } });
  await page.getByTestId('preset-select').selectOption({ label: 'Start methods' });
  const wall = async () => page.getByTestId('playhead-time').innerText();
  // The shipped profile of this machine kind is in use from the start.
  assert.match(await page.getByTestId('machine-label').innerText(), /Calibrated to: .*\(shipped\)/);
  const before = await wall();
  const profile = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'crates/sim/calibration/profiles/this-machine.json'), 'utf8'));
  profile.host = 'projector-pc';
  profile.model.start_costs.spawn.child_ns = 400000000; // a machine whose spawn takes 0.4 s
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-profile-'));
  fs.writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(profile));
  await page.getByTestId('machine-label').click();
  await page.getByTestId('machine-file').setInputFiles(path.join(dir, 'profile.json'));
  await page.waitForFunction(() => document.querySelector('[data-testid="machine-profile"]').dataset.host === 'projector-pc');
  assert.match(await page.getByTestId('machine-label').innerText(), /Calibrated to: projector-pc, \d{4}-\d\d-\d\d/);
  // What the profile changes is said in words, with its figures.
  assert.match(await page.getByTestId('machine-figures').innerText(), /2 cores at once each run at \d+ % of one alone.*spawn/);
  const after = await wall();
  assert.notEqual(after, before, `the run changed (${before} -> ${after})`);
  // Remembered on this device.
  await page.reload();
  assert.equal(await page.getByTestId('machine-profile').getAttribute('data-host'), 'projector-pc');
  // A bad profile names its field; the defaults come back.
  await page.getByTestId('machine-label').click();
  await page.getByTestId('machine-paste').fill('{"version": 1}');
  await page.getByTestId('machine-paste-use').click();
  assert.match(await page.getByTestId('machine-error').innerText(), /the profile/);
  await page.getByTestId('machine-default').click();
  assert.match(await page.getByTestId('machine-label').innerText(), /the model's own defaults/);
  await page.reload();
  assert.match(await page.getByTestId('machine-label').innerText(), /the model's own defaults/, 'remembered');
  await page.getByTestId('machine-label').click();
  await page.getByTestId('machine-shipped').click();
  assert.match(await page.getByTestId('machine-label').innerText(), /\(shipped\)/);
  // The calibration script comes with the app: it downloads, and it is the repository's.
  if (!(await page.getByTestId('machine-profile').evaluate((d) => d.open))) await page.getByTestId('machine-label').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('machine-script').click()]);
  assert.equal(download.suggestedFilename(), 'machine_profile.py');
  const script = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(script, fs.readFileSync(path.join(process.cwd(), 'crates/sim/calibration/machine_profile.py'), 'utf8'));
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the machine profile panel at 1024×768 and 1366×768, light and dark: its figures and buttons fit, nothing scrolls sideways', async () => {
  for (const [width, height] of [[1024, 768], [1366, 768]]) {
    for (const colorScheme of ['light', 'dark']) {
      const { page, errors, context } = await openPage(browser, server.url + '#/sim', { viewport: { width, height }, colorScheme });
      await page.getByTestId('machine-profile').evaluate((d) => { d.open = true; });
      await page.getByTestId('machine-figures').waitFor();
      await page.getByTestId('machine-profile').scrollIntoViewIfNeeded();
      const box = await page.getByTestId('machine-profile').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${width}×${height} ${colorScheme}: the panel is inside the page (${box.x}+${box.width})`);
      for (const id of ['machine-script', 'machine-paste-use', 'machine-default']) {
        const b = await page.getByTestId(id).boundingBox();
        assert.ok(b.x + b.width <= width, `${id} fits`);
      }
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll');
      await page.getByTestId('machine-profile').screenshot({ path: path.join(process.cwd(), 'tests/e2e/screenshots', `machine-profile-${width}x${height}-${colorScheme}.png`) });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
});
