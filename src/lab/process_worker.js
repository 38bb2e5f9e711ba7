// GIL Lab's "process" worker: one independent Web Worker with its OWN WebAssembly instance and
// its OWN memory, like one Python process of a multiprocessing pool. It shares nothing with the
// page or with the other workers and talks only through postMessage.
//
// The page starts it from a Blob URL (src/lab/run.rs) and posts one message:
//   { type: 'gil-lab-process', mainJS, module, worker, kernel, size, chunks, start, end, step }
// mainJS is the absolute URL of the app's wasm-bindgen JS; module is the compiled
// WebAssembly.Module. Calling the JS's init WITHOUT a memory makes a fresh memory for this
// worker (no SharedArrayBuffer needs to cross threads, so this works without cross-origin
// isolation too). Times are BigInt nanoseconds on the shared clock (timeOrigin + now()).
self.addEventListener('message', async ({ data }) => {
  if (!data || data.type !== 'gil-lab-process') return;
  const { worker } = data;
  try {
    const pkg = await import(data.mainJS);
    await pkg.default({ module_or_path: data.module });
    pkg.glLabWarmUp();
    postMessage({ type: 'ready', worker, at: pkg.glLabNowNs() });
    // Stamps go to the page in batches, at most every 50 ms: every postMessage wakes the page's
    // main thread, and on a busy machine the OS may then run it in this worker's place.
    let batch = [];
    let sent = performance.now();
    const flush = () => {
      if (batch.length) postMessage({ type: 'chunks', worker, stamps: BigUint64Array.from(batch) });
      batch = [];
      sent = performance.now();
    };
    for (let c = data.start; c < data.end; c += data.step) {
      // [start_ns, end_ns, result] of one chunk, computed by this worker's own instance.
      const s = pkg.glLabRunChunks(data.kernel, data.size, data.chunks, c, c + 1, 1, worker);
      batch.push(BigInt(c), s[0], s[1], s[2]);
      if (performance.now() - sent >= 50) flush();
    }
    flush();
    postMessage({ type: 'done', worker, at: pkg.glLabNowNs() });
  } catch (e) {
    postMessage({ type: 'error', worker, message: String((e && e.message) || e) });
  }
});
