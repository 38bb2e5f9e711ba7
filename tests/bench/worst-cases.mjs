// Benchmark of the worst valid inputs within the browser's caps (run by `./dev bench`, never by
// the test suite): each scenario runs through the simulator's own path (glBenchModelRun), in a
// fresh page so that the wasm memory it reaches is its own, and natively through the CLI for
// the ratio. Prints figures from one run; asserts nothing about time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, openPage, root } from '../e2e/harness.mjs';

const op = (o) => o;
const cases = {
  // One thread, 100 k distinct lock names (names resolve through maps).
  locks_100k: () => ({ version: 1, processes: [{ name: 'main', threads: [{ name: 'MainThread',
    program: Array.from({ length: 100000 }, (_, i) => [op({ op: 'acquire', lock: `lock-${i}` }), op({ op: 'release', lock: `lock-${i}` })]).flat() }] }] }),
  // 4,096 threads, 100 k joins.
  joins_100k: () => {
    const n = 4095;
    const main = Array.from({ length: n }, (_, i) => ({ op: 'start_thread', thread: `t${i}` }));
    for (let i = 0; i < 100000; i++) main.push({ op: 'join_thread', thread: `t${i % n}` });
    return { version: 1, machine: { cores: 8 }, processes: [{ name: 'main', threads: [{ name: 'MainThread', program: main },
      ...Array.from({ length: n }, (_, i) => ({ name: `t${i}`, program: [{ op: 'cpu', ns: 1000 }] }))] }] };
  },
  // As many empty asyncio tasks as MAX_STEPS allows, with zero-cost loop steps.
  asyncio_max_steps: () => ({ version: 1, runtime: { asyncio_step_ns: 0 }, processes: [{ name: 'main', threads: [{ name: 'MainThread',
    program: [{ op: 'repeat', count: 1000, body: [{ op: 'asyncio', tasks: Array.from({ length: 1990 }, (_, k) => ({ name: `t${k}`, program: [] })) }] }] }] }] }),
  // 16 threads of CPU and I/O on 4 cores: just under the browser's 1.5 M engine events.
  events_at_browser_cap: () => ({ version: 1, machine: { cores: 4 }, processes: [{ name: 'main', threads: Array.from({ length: 16 }, (_, i) => ({
    name: i === 0 ? 'MainThread' : `t${i}`,
    program: [...(i === 0 ? Array.from({ length: 15 }, (_, j) => ({ op: 'start_thread', thread: `t${j + 1}` })) : []),
      { op: 'repeat', count: 17000, body: [{ op: 'cpu', ns: 200000 }, { op: 'io', ns: 300000 }] }],
  })) }] }),
  // The same, past the cap: refused with the cap named.
  events_past_browser_cap: () => ({ version: 1, machine: { cores: 4 }, processes: [{ name: 'main', threads: Array.from({ length: 16 }, (_, i) => ({
    name: i === 0 ? 'MainThread' : `t${i}`,
    program: [...(i === 0 ? Array.from({ length: 15 }, (_, j) => ({ op: 'start_thread', thread: `t${j + 1}` })) : []),
      { op: 'repeat', count: 40000, body: [{ op: 'cpu', ns: 200000 }, { op: 'io', ns: 300000 }] }],
  })) }] }),
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-worst-'));
execFileSync('cargo', ['build', '-q', '--release', '-p', 'gil-sim-cli'], { cwd: root, stdio: 'inherit' });
const cli = path.join(process.env.CARGO_TARGET_DIR || path.join(root, 'target'), 'release', 'gil-sim');
const browser = await launch();
const server = await serveDist({ isolated: false });
try {
  for (const [name, make] of Object.entries(cases)) {
    const text = JSON.stringify(make());
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, text);
    let nativeMs = NaN;
    try {
      const t0 = process.hrtime.bigint();
      execFileSync(cli, ['run', file, '-c', '--max-rows', '1'], { stdio: 'ignore' });
      nativeMs = Number(process.hrtime.bigint() - t0) / 1e6;
    } catch (_) { /* a refused run still has a time */ }
    const { page, context } = await openPage(browser, server.url, { viewport: { width: 1280, height: 800 } });
    await page.waitForFunction(() => window.wasmBindings?.glBenchModelRun, null, { timeout: 30000 });
    const before = await page.evaluate(() => window.wasmBindings.glBenchModelRun('{}'));
    const out = await page.evaluate((t) => window.wasmBindings.glBenchModelRun(t), text);
    await context.close();
    const [status, ms, a, b] = out.split(' ');
    const bytes = Number(status === 'ok' ? b : a);
    const startBytes = Number(before.split(' ')[2]);
    console.log(`# worst case ${name}: ${status} in ${ms} ms in Chromium (CLI, whole process: ${nativeMs.toFixed(0)} ms)` +
      (status === 'ok' ? `, ${a} engine events` : `: ${out.split(' ').slice(3).join(' ').slice(0, 90)}`) +
      `; wasm memory ${(startBytes / 2 ** 20).toFixed(0)} -> ${(bytes / 2 ** 20).toFixed(0)} MiB of 1024 (${(100 * bytes / 2 ** 30).toFixed(1)} %)`);
  }
} finally {
  await server.close();
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
