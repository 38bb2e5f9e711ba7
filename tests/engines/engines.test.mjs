// GIL Lab in two more real browsers, Firefox ESR and WebKitGTK (classrooms run Chromium, Firefox
// and Safari), against the release build served statically by the e2e harness, without and
// with COOP/COEP headers: boot, isolation status, a preset, play, and the lab's processes mode
// (checks.mjs), plus one full-page screenshot per engine and mode (tests/e2e/screenshots/
// firefox-isolated.png and the like: look at them). Run it with `npm run engines` (xvfb-run).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, shots } from '../e2e/harness.mjs';
import { startFirefox } from './firefox.mjs';
import { startWebKitGTK } from './webkitgtk.mjs';
import { AppPage } from './page.mjs';
import { checkBoot, checkIsolation, checkPreset, checkPlay, checkProgram, checkLabProcesses } from './checks.mjs';

const WINDOW = { width: 1024, height: 768 };

// What each engine must report, per mode. With the headers Firefox is isolated; WebKitGTK has
// no SharedArrayBuffer even then, so its threads stay off. Without them, crossOriginIsolated is
// read, not assumed: the app's service worker may reload the page once into isolation.
// Firefox without service workers (a private window) keeps the page that has no headers as it
// is: the single-threaded path, with the lab's note, under test in a second engine too.
const ENGINES = [
  { name: 'Firefox', start: startFirefox, expect: { 'isolated': { isolated: true, sharedArrayBuffer: true }, 'not-isolated': {} } },
  { name: 'Firefox without service workers', start: (w) => startFirefox({ ...w, serviceWorkers: false }),
    modes: [false], expect: { 'not-isolated': { isolated: false, sharedArrayBuffer: false } } },
  { name: 'WebKitGTK', start: startWebKitGTK, expect: { 'isolated': { sharedArrayBuffer: false }, 'not-isolated': { sharedArrayBuffer: false } } },
];

for (const { name, start, expect, modes = [false, true] } of ENGINES) {
  describe(name, { timeout: 150000 }, () => {
    let engine;
    before(async () => {
      engine = await start(WINDOW);
      console.log(`${engine.label} ${engine.version}`);
    });
    after(async () => { await engine?.quit(); });

    for (const isolated of modes) {
      const mode = isolated ? 'isolated' : 'not-isolated';
      test(`${mode} (${isolated ? 'COOP/COEP headers' : 'no headers'})`, async (t) => {
        const server = await serveDist({ isolated });
        const started = Date.now();
        const page = new AppPage(engine);
        try {
          const opened = await page.open(server.url);
          await t.test('boot: the app mounts, no console errors or exceptions', () => checkBoot(page));
          await t.test('isolation: data-isolated is String(crossOriginIsolated); the threads message fits', async () => {
            const facts = await checkIsolation(page, expect[mode]);
            t.diagnostic(`${engine.id} ${mode}: crossOriginIsolated ${facts.isolated} (a service ` +
              `worker controls the page: ${opened.controlled}; it reloaded it: ${opened.reloaded}), ` +
              `SharedArrayBuffer ${facts.sab ? 'present' : 'absent'}, message: ${facts.message}`);
          });
          await t.test('preset: a non-default lesson shows and the timeline redraws', async () => {
            t.diagnostic(`picked ${await checkPreset(page)}`);
          });
          await t.test('play: the playhead time advances, pause stops it', async () => {
            const { t1, t2 } = await checkPlay(page);
            t.diagnostic(`playhead ${t1} then ${t2} ns`);
          });
          await t.test('program: lines marked as you step; the editor loads, shows an error at its line, recovers', async () => {
            const { lines, marked, errorLine } = await checkProgram(page);
            t.diagnostic(`${lines} lines, ${marked} marked; the error on line ${errorLine}`);
            fs.mkdirSync(shots, { recursive: true });
            fs.writeFileSync(path.join(shots, `${engine.id}-${mode}-program.png`), Buffer.from(await engine.fullPageScreenshot(), 'base64'));
          });
          await t.test('lab at #/lab: the processes mode runs and matches its baseline', async () => {
            await page.open(`${server.url}#/lab`);
            const rows = await checkLabProcesses(page);
            t.diagnostic(`sequential ${rows[0].ms} ms, processes x2 ${rows[1].ms} ms, result ${rows[0].result}`);
          });
          await t.test(`screenshot ${engine.id}-${mode}.png; still no errors, no reload`, async () => {
            await page.assertSamePage();
            fs.mkdirSync(shots, { recursive: true });
            const png = await engine.fullPageScreenshot();
            fs.writeFileSync(path.join(shots, `${engine.id}-${mode}.png`), Buffer.from(png, 'base64'));
            assert.deepEqual(await engine.errors(), [], 'no console errors or uncaught exceptions');
          });
        } finally {
          await engine.driver.get('about:blank').catch(() => {});
          await server.close();
          t.diagnostic(`${engine.id} ${mode}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      });
    }
  });
}
