// A /health probe in its own worker thread, so that its timings are not the
// caller's event loop's: what a load balancer's health check would see while
// other requests run. Used by hostile-input.test.ts and bench/hostile-input.bench.ts.
import { Worker } from 'node:worker_threads';

export interface Probe {
  /** When it was sent: ms since the epoch (performance.timeOrigin + now(), comparable across threads). */
  at: number;
  /** How long the answer took, ms; Infinity for none within 5 s. */
  ms: number;
}

/**
 * GETs `url` every 10 ms until stopped. Resolves once its first probes (the
 * thread's own start-up) are behind it.
 */
export async function startHealthProbe(url: string): Promise<{ stop(): Promise<Probe[]> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     let running = true;
     const probes = [];
     parentPort.on('message', () => { running = false; });
     (async () => {
       for (let warm = 0; warm < 5; warm++) await (await fetch(workerData.url, { signal: AbortSignal.timeout(5000) })).text();
       parentPort.postMessage('ready');
       while (running) {
         const t0 = performance.now();
         let ms = Infinity;
         try {
           const res = await fetch(workerData.url, { signal: AbortSignal.timeout(5000) });
           await res.text();
           if (res.ok) ms = performance.now() - t0;
         } catch {}
         probes.push({ at: performance.timeOrigin + t0, ms });
         await new Promise((r) => setTimeout(r, 10));
       }
       parentPort.postMessage(probes);
     })();`,
    { eval: true, workerData: { url } },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    stop: () =>
      new Promise((resolve, reject) => {
        worker.once('message', (m: Probe[]) => {
          void worker.terminate();
          resolve(m);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

/** Now, in the probes' clock. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** The q-quantile of ascending numbers. */
export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
