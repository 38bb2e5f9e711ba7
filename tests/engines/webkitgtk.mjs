// WebKitGTK (Debian's webkit2gtk-driver and the MiniBrowser of libwebkit2gtk-4.1-0) through
// classic WebDriver, on an X display (run under xvfb-run). It has no BiDi, so after each load
// a script hooks window errors, unhandled rejections and console.error, and errors() collects
// them; errors before that hook show as the app's own boot-error / fatal-error banners, which
// checks.mjs asserts absent.
import { Builder, remote } from './selenium.mjs';

export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Idempotent: a second run on the same page keeps the first hook and what it collected.
const HOOK = `
  if (!window.__enginesErrors) {
    const errors = (window.__enginesErrors = []);
    addEventListener('error', (e) => errors.push(e.target && e.target !== window
      ? 'failed to load: ' + (e.target.src || e.target.href || e.target.tagName)
      : 'uncaught: ' + (e.message || String(e.error))), true);
    addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + (e.reason?.message ?? e.reason)));
    const original = console.error;
    console.error = function (...args) {
      errors.push('console: ' + args.map(String).join(' '));
      return original.apply(this, args);
    };
  }`;
const HARVEST = 'return window.__enginesErrors ? window.__enginesErrors.splice(0) : []';

/** Starts a session; resolves to the engine interface that checks.mjs uses. */
export async function startWebKitGTK({ width, height }) {
  if (!process.env.DISPLAY) {
    throw new Error('WebKitGTK needs an X display: run this under xvfb-run (npm run engines does)');
  }
  // An explicit driver, started here: no Selenium Manager. Loopback, not the machine's address.
  const service = new remote.DriverService.Builder(WEBKIT_WEBDRIVER).setLoopback(true).build();
  const url = await service.start();
  let driver;
  try {
    driver = await new Builder().usingServer(url).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await driver.manage().window().setRect({ width, height });
  } catch (e) {
    await service.kill();
    throw e;
  }

  const errors = [];
  const harvest = async () => {
    try {
      errors.push(...await driver.executeScript(HARVEST));
    } catch { /* no page yet, or one that is going away */ }
  };

  return {
    id: 'webkitgtk',
    label: 'WebKitGTK',
    driver,
    version: (await driver.getCapabilities()).get('browserVersion'),
    /** Hooks the page just loaded (keeping what the page before it collected). */
    afterLoad: async () => {
      await driver.executeScript(HOOK);
    },
    /** Every error the hooks saw so far (call it before leaving a page too). */
    errors: async () => {
      await harvest();
      return [...errors];
    },
    /**
     * A PNG (base64) of the whole page: WebKitWebDriver screenshots only the viewport, so the
     * window is made as tall as the page for the shot (width unchanged), then put back.
     */
    fullPageScreenshot: async () => {
      const rect = await driver.manage().window().getRect();
      const [inner, full] = await driver.executeScript(
        'return [innerHeight, document.documentElement.scrollHeight]');
      await driver.manage().window().setRect({ width: rect.width, height: full + rect.height - inner });
      await driver.wait(() => driver.executeScript(
        'return innerHeight >= document.documentElement.scrollHeight'), 5000);
      const png = await driver.takeScreenshot();
      await driver.manage().window().setRect({ width: rect.width, height: rect.height });
      return png;
    },
    quit: async () => {
      try {
        await driver.quit();
      } finally {
        await service.kill();
      }
    },
  };
}
