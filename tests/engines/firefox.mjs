// Firefox ESR (Debian's firefox-esr) driven through geckodriver (crates.io), headless, with
// WebDriver BiDi: log.entryAdded gives every console error and uncaught exception of the whole
// session, from the first byte of each page on, across reloads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Builder, firefox } from './selenium.mjs';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
// The one `./dev setup` installs with cargo (and tools/doctor.py checks): first on PATH, else cargo's bin.
export const GECKODRIVER = process.env.GECKODRIVER ||
  [...(process.env.PATH || '').split(path.delimiter), path.join(process.env.CARGO_HOME || path.join(os.homedir(), '.cargo'), 'bin')]
    .map((dir) => path.join(dir, 'geckodriver'))
    .find((file) => { try { fs.accessSync(file, fs.constants.X_OK); return true; } catch { return false; } }) ||
  'geckodriver (not found: run ./dev setup)';

/**
 * Starts a session; resolves to the engine interface that checks.mjs uses. With
 * `serviceWorkers: false` the browser has none (as in a Firefox private window), so a page
 * served without headers stays as it is: not isolated.
 */
export async function startFirefox({ width, height, serviceWorkers = true }) {
  const options = new firefox.Options()
    .setBinary(FIREFOX)
    .addArguments('-headless', `--width=${width}`, `--height=${height}`)
    .enableBidi();
  if (!serviceWorkers) options.setPreference('dom.serviceWorkers.enabled', false);
  const service = new firefox.ServiceBuilder(GECKODRIVER); // an explicit path: no Selenium Manager
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
    .setFirefoxService(service).build();
  await driver.manage().window().setRect({ width, height });

  const errors = [];
  const bidi = await driver.getBidi();
  await bidi.subscribe('log.entryAdded');
  (await bidi.socket).on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.method !== 'log.entryAdded' || msg.params.level !== 'error') return;
    const kind = msg.params.type === 'javascript' ? 'uncaught' : 'console';
    errors.push(`${kind}: ${msg.params.text}`);
  });

  return {
    id: serviceWorkers ? 'firefox' : 'firefox-no-sw',
    label: serviceWorkers ? 'Firefox ESR' : 'Firefox ESR without service workers',
    driver,
    version: (await driver.getCapabilities()).get('browserVersion'),
    /** Nothing to do after a load: BiDi listens to the whole session. */
    afterLoad: async () => {},
    /** Every error seen so far. */
    errors: async () => [...errors],
    /** A PNG (base64) of the whole page, through geckodriver's full-page screenshot. */
    fullPageScreenshot: () => driver.takeFullPageScreenshot(),
    quit: () => driver.quit(),
  };
}
