// Bundles the code editor (tools/editor/editor.js: CodeMirror 6 with Python, lint and history)
// into one self-contained ES module, DIR/editor.js, that works offline. Trunk runs it in every
// build (a "build" stage hook in Trunk.toml: done before the post_build hook tools/sw-build.mjs,
// which precaches it; DIR is Trunk's staging folder); tests/e2e/editor-bundle.test.mjs runs it
// with a file path of its own.
//
//   node tools/editor-build.mjs [OUT]     (OUT: the output file; default $TRUNK_STAGING_DIR/editor.js)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staging = process.env.TRUNK_STAGING_DIR;
const out = staging ? path.join(staging, 'editor.js') : process.argv[2];
if (!out) {
  console.error('editor-build: give the output file (or run it as a Trunk hook)');
  process.exit(2);
}

const result = await build({
  entryPoints: [path.join(root, 'tools', 'editor', 'editor.js')],
  absWorkingDir: root,
  outfile: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
if (result.errors.length > 0 || result.warnings.length > 0) process.exit(1);

const code = fs.readFileSync(out);
const gz = zlib.gzipSync(code, { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`editor-build: ${out}: ${kib(code.length)} (${code.length} bytes), gzip ${kib(gz)} (${gz} bytes)`);
