// Browser benchmark of an edit (run by `./dev bench`, never by the test suite): the time from a
// program's text to its run in Chromium (glBenchProgramRun: from_python + simulate + metrics,
// and the whole run the screen builds), beside the native figure from the CLI's criterion bench
// (`cargo bench -p gil-sim --bench python`), for the ratio. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { serveDist, launch, openPage, root } from '../e2e/harness.mjs';

const programs = ['convoy', 'io-asyncio', 'cpu-threads'].map((name) => [name,
  execFileSync('cargo', ['run', '-q', '--release', '-p', 'gil-sim-cli', '--', 'export', 'py', name], { cwd: root, encoding: 'utf8' })]);
programs.push(['classroom', 'classroom']); // the classroom scenario's program (16 threads, ~10 s)
const browser = await launch();
const server = await serveDist({ isolated: false });
try {
  const { page } = await openPage(browser, server.url, { viewport: { width: 1280, height: 800 } });
  await page.waitForFunction(() => window.wasmBindings?.glBenchProgramRun, null, { timeout: 30000 });
  for (const [name, text] of programs) {
    const reps = name === 'classroom' ? 10 : 200;
    const out = await page.evaluate(([t, n]) => window.wasmBindings.glBenchProgramRun(t, n), [text, reps]);
    const [model, ui] = out.split(' ');
    console.log(`# edit -> run ${name} in Chromium: ${model} ms (parse + simulate + metrics), ${ui} ms (the screen's whole run), mean of ${reps}; one frame is 16.7 ms`);
  }
} finally {
  await server.close();
  await browser.close();
}
