// End-to-end test of the code editor's bundle (tools/editor/editor.js, built by
// tools/editor-build.mjs) on its own page, without the app: it loads as the app loads it,
// mounts with a Python program, reports typed text through onChange, shows diagnostics at their
// line (range and gutter marker), and setText, undo and redo work; Tab indents by 4 spaces and
// Escape then Tab leaves the editor.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveDist, launch, newContext, root } from './harness.mjs';

const PROGRAM = 'def double(x):\n    return x * 2\ny = double(21)';

// A page like the app's: the page's colour variables, the bundle imported from the page's own
// address, a button after the editor (where the focus goes after Escape, Tab).
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>editor bundle</title><link rel="icon" href="data:,">
<style>
  :root { --bg: #ffffff; --fg: #111418; --muted: #3d4650; --panel: #f3f5f7; --border: #c5ccd3; --accent: #0072b2; }
  body { background: var(--bg); color: var(--fg); font-size: 16px; }
</style></head>
<body>
  <div id="editor"></div>
  <button id="after">after</button>
  <script type="module">
    window.changes = [];
    await import(new URL('editor.js', document.baseURI));
    window.editor = window.GilLabEditor.mount(document.getElementById('editor'), {
      doc: ${JSON.stringify(PROGRAM)},
      label: 'Python program',
      onChange: (text) => window.changes.push(text),
    });
    document.body.dataset.ready = 'yes';
  </script>
</body></html>`;

let browser, server, dir;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-lab-editor-'));
  const env = { ...process.env };
  delete env.TRUNK_STAGING_DIR; // the argument names the output, as outside a Trunk build
  execFileSync(process.execPath, [path.join(root, 'tools', 'editor-build.mjs'), path.join(dir, 'editor.js')],
    { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  browser = await launch();
  server = await serveDist({ isolated: false, dir });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the editor bundle mounts, edits, shows diagnostics at their line, and undoes', async () => {
  const context = await newContext(browser, { viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'yes', null, { timeout: 10000 });

  const text = () => page.evaluate(() => window.editor.getText());
  const lastChange = () => page.evaluate(() => window.changes.at(-1));

  // Mounted: the content is an editable, labelled element the tests (and the app) can find.
  const content = page.getByTestId('editor-content');
  assert.equal(await content.getAttribute('contenteditable'), 'true');
  assert.equal(await content.getAttribute('aria-label'), 'Python program');
  assert.equal(await text(), PROGRAM);
  assert.equal(await page.locator('.cm-editor .cm-lineNumbers .cm-gutterElement', { hasText: /^3$/ }).count(), 1,
    'line numbers');
  assert.ok(await page.locator('.cm-content .cm-line').first().locator('span').count() > 0,
    'the Python is highlighted (tokens in spans)');
  const look = await page.locator('.cm-editor').evaluate((e) => {
    const s = getComputedStyle(e);
    return { size: s.fontSize, bg: s.backgroundColor, mono: getComputedStyle(e.querySelector('.cm-scroller')).fontFamily };
  });
  assert.equal(look.size, '12px', 'the font is 0.75rem');
  assert.equal(look.bg, 'rgb(255, 255, 255)', 'the background is the page\'s --bg');
  assert.match(look.mono, /monospace/);

  // Typing a line: onChange gets the whole new text.
  await page.evaluate(() => window.editor.focus());
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('print(y)');
  const typed = `${PROGRAM}\nprint(y)`;
  assert.equal(await text(), typed);
  assert.equal(await lastChange(), typed, 'onChange got the full text');

  // A diagnostic on line 2: an error range on that line and a marker in its gutter row.
  await page.evaluate(() => window.editor.setDiagnostics([{ line: 2, col: 1, message: 'bad' }]));
  const range = page.locator('.cm-lintRange-error');
  const marker = page.locator('.cm-gutter-lint .cm-lint-marker-error');
  await range.first().waitFor({ timeout: 5000 });
  await marker.first().waitFor({ timeout: 5000 });
  assert.equal(await marker.count(), 1);
  const line2 = page.locator('.cm-content .cm-line').nth(1);
  assert.equal(await line2.innerText(), '    return x * 2');
  assert.equal(await line2.locator('.cm-lintRange-error').count(), 1, 'the error range is on line 2');
  const [markerBox, lineBox] = [await marker.boundingBox(), await line2.boundingBox()];
  assert.ok(markerBox.y >= lineBox.y - 2 && markerBox.y + markerBox.height <= lineBox.y + lineBox.height + 2,
    `the gutter marker is on line 2 (marker y ${markerBox.y}, line 2 y ${lineBox.y}..${lineBox.y + lineBox.height})`);
  await page.evaluate(() => window.editor.setDiagnostics([]));
  await page.waitForFunction(() => !document.querySelector('.cm-lintRange-error, .cm-lint-marker-error'));

  // undo() restores the program (the typed line is one history event).
  assert.equal(await page.evaluate(() => window.editor.undo()), true);
  assert.equal(await text(), PROGRAM);
  assert.equal(await lastChange(), PROGRAM, 'onChange after undo');
  assert.equal(await page.evaluate(() => window.editor.redo()), true);
  assert.equal(await text(), typed);

  // setText replaces everything, and is one undoable step; the keys undo and redo it too.
  await page.evaluate(() => window.editor.setText('x = 1\n'));
  assert.equal(await text(), 'x = 1\n');
  assert.equal(await lastChange(), 'x = 1\n');
  await page.evaluate(() => window.editor.undo());
  assert.equal(await text(), typed, 'setText is undone in one step');
  await page.evaluate(() => window.editor.redo());
  assert.equal(await text(), 'x = 1\n');
  await page.evaluate(() => window.editor.focus());
  await page.keyboard.press('Control+z');
  assert.equal(await text(), typed, 'Ctrl+Z undoes');
  await page.keyboard.press('Control+y');
  assert.equal(await text(), 'x = 1\n', 'Ctrl+Y redoes');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+Z'); // a capital, as a real Shift gives
  assert.equal(await text(), 'x = 1\n', 'Ctrl+Shift+Z redoes');

  // Tab indents with 4 spaces; Escape then Tab moves the focus out (no keyboard trap).
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Tab');
  assert.equal(await text(), '    x = 1\n');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'editor-content');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'after', 'Escape, Tab leaves the editor');
  assert.equal(await text(), '    x = 1\n', 'that Tab did not indent');

  await page.evaluate(() => window.editor.destroy());
  assert.equal(await page.locator('.cm-editor').count(), 0, 'destroy removes the editor');
  assert.deepEqual(errors, []);
  await context.close();
});
