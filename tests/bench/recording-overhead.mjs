// Benchmark of the helper module's recording mode (run by `./dev bench`, never by the test
// suite): every preset's program in real python3, with and without `--record`, interleaved,
// 5 runs each; prints each preset's median wall time both ways and the ratio, and the overall
// ratio (sum of medians). Asserts nothing about time (the machine is shared and noisy).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../e2e/harness.mjs';

const cli = (...args) => execFileSync('cargo', ['run', '-q', '--release', '-p', 'gil-sim-cli', '--', ...args], { cwd: root, encoding: 'utf8' });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gil-overhead-'));
fs.writeFileSync(path.join(dir, 'gil_lab.py'), cli('export', 'helper'));
const names = cli('list').trim().split('\n').map((l) => l.split(/\s+/)[0]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (args) => {
  const t0 = process.hrtime.bigint();
  execFileSync('python3', args, { cwd: dir, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
let [plainSum, recSum] = [0, 0];
try {
  for (const name of names) {
    fs.writeFileSync(path.join(dir, `${name}.py`), cli('export', 'py', name));
    const plain = [];
    const rec = [];
    for (let i = 0; i < 5; i++) {
      plain.push(time([`${name}.py`]));
      rec.push(time([`${name}.py`, '--record', 'run.json']));
    }
    const [p, r] = [median(plain), median(rec)];
    plainSum += p;
    recSum += r;
    console.log(`# recording ${name}: ${p.toFixed(0)} ms plain, ${r.toFixed(0)} ms recorded, ratio ${(r / p).toFixed(3)}`);
  }
  console.log(`# recording overall: ratio ${(recSum / plainSum).toFixed(3)} (sum of medians, ${names.length} presets, python3 process wall time)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
