// One page of GIL Lab in one WebDriver session (firefox.mjs / webkitgtk.mjs): loading it and
// waiting until the app's service worker is done with it, finding elements by data-testid,
// clicking them in view, and waiting for a condition in the page.
import assert from 'node:assert/strict';
import { By } from './selenium.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const byTestId = (id) => By.css(`[data-testid="${id}"]`);

/** One page of the app in one engine session. */
export class AppPage {
  constructor(engine) {
    this.engine = engine;
    this.driver = engine.driver;
  }

  exec(script, ...args) {
    return this.driver.executeScript(script, ...args);
  }

  find(id) {
    return this.driver.findElement(byTestId(id));
  }

  async count(id) {
    return (await this.driver.findElements(byTestId(id))).length;
  }

  async attr(id, name) {
    return (await this.find(id)).getAttribute(name);
  }

  async text(id) {
    return (await this.find(id)).getText();
  }

  /** Scrolls an element to the middle of the viewport, then clicks it. */
  async click(id) {
    const el = await this.find(id);
    await this.exec('arguments[0].scrollIntoView({ block: "center" })', el);
    await el.click();
  }

  /** Waits until `script` returns something truthy (errors while a page loads count as no). */
  async until(script, timeout, what) {
    const end = Date.now() + timeout;
    for (;;) {
      try {
        const v = await this.exec(script);
        if (v) return v;
      } catch { /* the page is between two documents */ }
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
      await sleep(100);
    }
  }

  /**
   * Loads `url` as a new document (through about:blank, so a URL that differs only in its hash
   * still loads afresh) and waits until the page has settled: the app is mounted and no
   * isolating reload is still to come. The app's service worker may reload a page that is not
   * cross-origin isolated once, to make it so even on a server without headers (and may take
   * control of the page before that reload, so control alone says nothing). Settled: the page
   * is isolated, or has no service worker, or is the page after a reload, or nothing changed
   * for 2 s after the app mounted. Resolves to what it saw: { isolated, controlled, reloaded }.
   */
  async open(url) {
    await this.engine.errors(); // collect the errors of the page we leave
    await this.driver.get('about:blank');
    await this.driver.get(url);
    const start = Date.now();
    let seen = 0; // when the app was first seen mounted in the current document
    let reloaded = false;
    let state;
    while (Date.now() - start < 30000) {
      try {
        state = await this.exec(`
          const known = !!window.__enginesSeen;
          window.__enginesSeen = !!document.querySelector('[data-testid="app-root"]');
          return {
            known,
            app: window.__enginesSeen,
            isolated: self.crossOriginIsolated,
            controlled: !!navigator.serviceWorker?.controller,
            workers: 'serviceWorker' in navigator && isSecureContext && window.top === window,
          };`);
      } catch {
        state = undefined; // between two documents
      }
      if (state?.app) {
        if (seen && !state.known) reloaded = true; // a new document since the app was seen
        if (!seen || !state.known) seen = Date.now();
        if (state.isolated || !state.workers || reloaded || Date.now() - seen > 2000) break;
      }
      await sleep(100);
    }
    assert.ok(state?.app, `the app mounted within 30 s at ${url}`);
    await this.engine.afterLoad();
    await this.exec('window.__enginesPage = arguments[0]', url);
    return { isolated: state.isolated, controlled: state.controlled, reloaded };
  }

  /** Fails if the page was replaced (reloaded) since open(). */
  async assertSamePage() {
    assert.ok(await this.exec('return !!window.__enginesPage'), 'the page was not reloaded under the test');
  }
}
