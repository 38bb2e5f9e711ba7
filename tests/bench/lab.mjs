// Benchmark of the real-work lab (run by `./dev bench`, never by the test suite): the same
// prime count natively (gil-work's example) and in headless Chromium through the lab UI,
// cross-origin isolated. Prints ratios measured in one run; asserts nothing about time.
import { execFileSync } from 'node:child_process';
import { serveDist, launch, openPage, root } from '../e2e/harness.mjs';

const SIZE = 7_000_000;
const CHUNKS = 64;

// Native: `sequential x1 789.6 ms ...` and `threads x2 394.3 ms speedup 2.00 ...` lines.
const native = execFileSync('cargo', ['run', '-q', '--release', '-p', 'gil-work', '--example', 'lab', String(SIZE)], {
  cwd: root, encoding: 'utf8',
});
const nativeMs = (mode, n) => Number(new RegExp(`^${mode}\\s+x${n}\\s+([\\d.]+) ms`, 'm').exec(native)?.[1]);
const nSeq = nativeMs('sequential', 1);
const nThreads = nativeMs('threads', 2);

const browser = await launch();
const server = await serveDist({ isolated: true });
try {
  const { page } = await openPage(browser, server.url, { viewport: { width: 1280, height: 1000 } });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="thread-count"]')?.dataset.threads !== '0', null, { timeout: 30000 },
  );
  await page.getByTestId('lab-size').fill(String(SIZE));
  await page.getByTestId('lab-chunks').fill(String(CHUNKS));
  await page.getByTestId('lab-workers').fill('2');
  await page.getByTestId('lab-mode').selectOption('all');
  await page.getByTestId('lab-run').click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="lab"]')?.dataset.runsEnded) > 0 &&
      !document.querySelector('[data-testid="lab-run"]')?.disabled,
    null, { timeout: 300000 },
  );
  const rows = Object.fromEntries(await page.$$eval('[data-testid="lab-result"]', (els) => els.map((r) => [
    r.dataset.mode, { ms: Number(r.dataset.ms), speedup: Number(r.dataset.speedup), predicted: Number(r.dataset.predictedMs) },
  ])));
  const gil = page.getByTestId('lab-gil-stats');
  const hold = Number(await gil.getAttribute('data-median-hold-ns'));
  const interval = Number(await gil.getAttribute('data-interval-ns'));
  const startMs = Number(await page.getByTestId('lab-process-start').getAttribute('data-ns')) / 1e6;
  const wSpeed = rows.sequential.ms / rows.threads.ms;
  const nSpeed = nSeq / nThreads;
  console.log(`primes below ${SIZE}, ${CHUNKS} chunks, 2 workers, 2 cores`);
  console.log(`native: sequential ${nSeq} ms, threads x2 ${nThreads} ms (${nSpeed.toFixed(2)}x)`);
  console.log(`wasm:   sequential ${rows.sequential.ms} ms = ${(rows.sequential.ms / nSeq).toFixed(2)}x native single-thread time`);
  console.log(`wasm threads x2: ${rows.threads.ms} ms, speedup ${wSpeed.toFixed(2)}x, efficiency ${(wSpeed / 2).toFixed(2)} of 2 cores, ${(wSpeed / nSpeed).toFixed(2)} of the native ratio`);
  console.log(`wasm GIL x2: ${rows.gil.ms} ms, speedup ${(rows.sequential.ms / rows.gil.ms).toFixed(2)}x, median hold ${(hold / 1e6).toFixed(2)} ms = ${(hold / interval).toFixed(2)}x the ${interval / 1e6} ms interval`);
  console.log(`processes x2: ${rows.processes.ms} ms, speedup ${(rows.sequential.ms / rows.processes.ms).toFixed(2)}x, start-up ${startMs.toFixed(1)} ms per worker (median)`);
  for (const [mode, r] of Object.entries(rows)) {
    console.log(`  model for ${mode}: ${r.predicted} ms predicted vs ${r.ms} ms measured (${(100 * (r.ms - r.predicted) / r.predicted).toFixed(0)} %)`);
  }
} finally {
  await browser.close();
  await server.close();
}
