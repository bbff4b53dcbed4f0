// Peak memory sampling for the benchmark. Sampling runs on its own thread, so it keeps counting while the
// main thread is busy inside a long synchronous parse (a setInterval there would never fire).
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Int32Array(workerData.shared);
setInterval(() => {
  const kib = Math.round(process.memoryUsage.rss() / 1024);
  if (kib > Atomics.load(peak, 0)) Atomics.store(peak, 0, kib);
}, workerData.everyMs);
`;

export interface RssSampler {
  /** Highest resident set size (MiB) since the last call, then starts a new window. */
  takePeakMiB(): number;
  stop(): Promise<void>;
}

/** Samples this process's RSS (all threads: it is one number per process) every `everyMs`. */
export function sampleRss(everyMs = 50): RssSampler {
  const shared = new SharedArrayBuffer(4);
  const peak = new Int32Array(shared);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { shared, everyMs } });
  worker.unref();
  return {
    takePeakMiB() {
      const now = Math.round(process.memoryUsage.rss() / 1024);
      const kib = Math.max(now, Atomics.exchange(peak, 0, now));
      return kib / 1024;
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** Resident memory (MiB) of every process descended from `rootPid`, read from /proc (Linux only). */
export function processTreeRss(rootPid: number): { totalMiB: number; rendererMiB: number } {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  const isRenderer = new Set<number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { totalMiB: 0, rendererMiB: 0 };
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may contain spaces, so split after ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      const ppid = Number(fields[1]);
      const pages = Number(readFileSync(`/proc/${name}/statm`, 'utf8').split(' ')[1]);
      rss.set(pid, (pages * 4096) / 1048576);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--type=renderer')) isRenderer.add(pid);
    } catch {
      // The process ended while we were reading it.
    }
  }
  let totalMiB = 0;
  let rendererMiB = 0;
  const stack = [...(children.get(rootPid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    totalMiB += rss.get(pid) ?? 0;
    if (isRenderer.has(pid)) rendererMiB += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return { totalMiB, rendererMiB };
}
