// Writes the service worker of a build: www/sw.js with the build's real file list (each file
// with a revision) put in by Workbox's injectManifest, to DIR/sw.js. Trunk runs it after every
// build (a post_build hook in Trunk.toml; DIR is Trunk's staging folder); the end-to-end tests
// run it on a changed copy of dist/ to deploy "a new build".
//
//   node tools/sw-build.mjs [DIR]     (default: $TRUNK_STAGING_DIR)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { injectManifest } from 'workbox-build';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('sw-build: give the build folder (or run it as a Trunk hook)');
  process.exit(2);
}

const { count, size, warnings } = await injectManifest({
  swSrc: path.join(root, 'www', 'sw.js'),
  swDest: path.join(dir, 'sw.js'),
  globDirectory: dir,
  globPatterns: ['**/*.{html,js,wasm,css,svg,png,webmanifest,py}'],
  globIgnores: ['sw.js'],
  // The wasm module is the app: precache it whatever its size.
  maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
  // The page is kept as the folder's own address ("./"), which every static host serves;
  // many redirect "index.html" to it, and a redirected response cannot answer a navigation.
  manifestTransforms: [
    async (entries) => ({
      manifest: entries.map((e) => (e.url === 'index.html' ? { ...e, url: './' } : e)),
      warnings: [],
    }),
  ],
});
for (const w of warnings) console.error(`sw-build: ${w}`);
if (warnings.length > 0) process.exit(1);
console.log(`sw-build: ${count} files (${(size / 1024).toFixed(0)} KiB) precached by ${path.join(dir, 'sw.js')}`);
