// Browser benchmark of the simulator (run by `./dev bench`, never by the test suite): frame
// times while playing a 64-thread scenario, and redraw times when scrubbing a trace of about a
// million spans. Prints figures; asserts nothing about time (the machine is shared and noisy).
import { serveDist, launch, openPage } from '../e2e/harness.mjs';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const fmt = (xs) => `p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;

// Scrubs to 60 evenly spaced times; returns the synchronous redraw time of each input event.
const scrubTimes = (el) => {
  const end = Number(el.max);
  const out = [];
  for (let i = 1; i <= 60; i++) {
    el.value = String(Math.floor((end * i) / 61));
    const t0 = performance.now();
    el.dispatchEvent(new Event('input', { bubbles: true }));
    out.push(performance.now() - t0);
  }
  return out;
};

async function setParam(page, id, value) {
  await page.getByTestId(id).fill(String(value));
  await page.getByTestId(id).dispatchEvent('change');
}

const browser = await launch();
const server = await serveDist({ isolated: false });
try {
  const { page } = await openPage(browser, server.url, { viewport: { width: 1400, height: 1000 } });
  await page.getByTestId('timeline').waitFor();

  // 1. Playing 64 threads: requestAnimationFrame intervals seen by the page.
  await setParam(page, 'param-workers', 64);
  const threads = await page.getByTestId('timeline').getAttribute('data-threads');
  const spans64 = await page.getByTestId('timeline').getAttribute('data-spans');
  await page.getByTestId('timeline').scrollIntoViewIfNeeded();
  await page.getByTestId('play').click();
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const out = [];
    let last = null;
    const tick = (ts) => {
      if (last !== null) out.push(ts - last);
      last = ts;
      if (out.length < 240) requestAnimationFrame(tick); else resolve(out);
    };
    requestAnimationFrame(tick);
  }));
  await page.getByTestId('play').click();
  console.log(`play, ${threads} threads (${spans64} spans): frame interval ${fmt(frames)}`);

  // 2. Scrubbing a large trace: synchronous redraw time of one scrub input event.
  await page.getByTestId('param-interval').selectOption('1000000'); // 1 ms switch interval: about a million spans
  const spans = Number(await page.getByTestId('timeline').getAttribute('data-spans'));
  const scrub = await page.getByTestId('scrub').evaluate(scrubTimes);
  console.log(`scrub, ${spans} spans (1 ms interval, 64 threads): redraw ${fmt(scrub)}`);
  await page.getByTestId('zoom-in').click();
  await page.getByTestId('zoom-in').click();
  const zoomed = await page.getByTestId('scrub').evaluate(scrubTimes);
  console.log(`scrub zoomed 4x, ${spans} spans: redraw ${fmt(zoomed)}`);
  // Full uncached redraws: every zoom click draws a new window from scratch.
  const zooms = await page.evaluate(() => {
    const out = [];
    const zin = document.querySelector('[data-testid="zoom-in"]');
    const zout = document.querySelector('[data-testid="zoom-out"]');
    for (let i = 0; i < 20; i++) {
      const b = i % 2 ? zin : zout;
      const t0 = performance.now();
      b.click();
      out.push(performance.now() - t0);
    }
    return out;
  });
  console.log(`zoom in/out, ${spans} spans: full redraw ${fmt(zooms)}`);
} finally {
  await browser.close();
  await server.close();
}
