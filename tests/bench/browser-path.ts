// The benchmark's Chromium path: the built site served from 127.0.0.1, driven the way a user imports a
// file (choose it, press Import), timed until the summary shows every row.
import { type Browser, type CDPSession, type Page } from 'playwright-core';
import { processTreeRss } from './memory.ts';
import { CHROMIUM_PATH } from '../e2e/browser.ts';

export { serveStatic } from '../e2e/static-server.ts';
export { launchChromium } from '../e2e/browser.ts';
export const CHROMIUM = CHROMIUM_PATH;

export interface BrowserRun {
  seconds: number;
  rowsPerSecond: number;
  /** Highest JSHeapUsedSize of the page (CDP Performance.getMetrics), MiB. */
  pageHeapPeakMiB: number;
  /** Highest used JS heap summed over the page's workers (CDP Runtime.getHeapUsage), MiB, or null. */
  workerHeapPeakMiB: number | null;
  /** Highest resident memory of the renderer processes and of all Chromium processes, MiB. */
  rendererRssPeakMiB: number;
  chromiumRssPeakMiB: number;
}


/** Raised when the page lacks what the benchmark needs; the caller reports it as "skipped". */
export class NotReady extends Error {}

/**
 * Opens the site, sets `file` on the file input, presses Import when it appears, and waits until
 * `[data-testid=summary-rows]` carries `data-value` = `expectedRows`.
 */
export async function importInBrowser(browser: Browser, siteUrl: string, file: string, expectedRows: number): Promise<BrowserRun> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(siteUrl);
    const input = page.locator('[data-testid=file-input]');
    try {
      await input.waitFor({ state: 'attached', timeout: 20_000 });
    } catch {
      throw new NotReady('the site has no [data-testid=file-input] yet');
    }
    const memory = await watchMemory(page);
    const started = performance.now();
    try {
      await input.setInputFiles(file);
      const importButton = page.locator('[data-testid=import-button]');
      try {
        await importButton.waitFor({ state: 'visible', timeout: 120_000 });
      } catch {
        throw new NotReady('no [data-testid=import-button] appeared after choosing the file');
      }
      // A file sorted by date may show only day ≤ 12 dates in its first MiB: the wizard then asks
      // day-first or month-first, as a user would be asked. The generated files are day-first.
      const question = page.locator('[data-testid=date-order-dmy]');
      if (await question.isVisible()) await question.check();
      await importButton.click();
      const summary = page.locator(`[data-testid=summary-rows][data-value="${expectedRows}"]`);
      try {
        await summary.waitFor({ state: 'attached', timeout: 15 * 60_000 });
      } catch {
        const shown = await page.locator('[data-testid=summary-rows]').getAttribute('data-value', { timeout: 1000 }).catch(() => null);
        throw new NotReady(`[data-testid=summary-rows] never showed ${expectedRows} rows (last value: ${shown ?? 'none'})`);
      }
      const seconds = (performance.now() - started) / 1000;
      const peaks = await memory.stop();
      return { seconds, rowsPerSecond: expectedRows / seconds, ...peaks };
    } finally {
      await memory.stop();
    }
  } finally {
    await context.close();
  }
}

interface MemoryWatch {
  stop(): Promise<Omit<BrowserRun, 'seconds' | 'rowsPerSecond'>>;
}

/** Samples page heap, worker heaps and Chromium process memory every 50 ms until stopped. */
async function watchMemory(page: Page): Promise<MemoryWatch> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const workers = await attachWorkers(page);
  const peaks = { pageHeapPeakMiB: 0, workerHeapPeakMiB: null as number | null, rendererRssPeakMiB: 0, chromiumRssPeakMiB: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const tick = sleep(50);
      try {
        const { metrics } = await session.send('Performance.getMetrics');
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        peaks.pageHeapPeakMiB = Math.max(peaks.pageHeapPeakMiB, heap / 1048576);
      } catch {
        // The page is busy or closing; the next tick tries again.
      }
      const workerHeap = await workers.usedMiB();
      if (workerHeap !== null) peaks.workerHeapPeakMiB = Math.max(peaks.workerHeapPeakMiB ?? 0, workerHeap);
      const tree = processTreeRss(process.pid);
      peaks.rendererRssPeakMiB = Math.max(peaks.rendererRssPeakMiB, tree.rendererMiB);
      peaks.chromiumRssPeakMiB = Math.max(peaks.chromiumRssPeakMiB, tree.totalMiB);
      await tick;
    }
  })();
  let stopped: Promise<void> | null = null;
  return {
    async stop() {
      running = false;
      stopped ??= loop.then(() => session.detach().catch(() => {}));
      await stopped;
      return { ...peaks };
    },
  };
}

/**
 * Worker heaps through the browser-level CDP session: each dedicated worker of the page is a target we
 * attach to (non-flattened, so Playwright's own sessions are untouched) and ask Runtime.getHeapUsage.
 * Returns null when this Chromium does not allow it.
 */
async function attachWorkers(page: Page): Promise<{ usedMiB(): Promise<number | null> }> {
  const browser = page.context().browser();
  if (!browser) return { usedMiB: async () => null };
  let root: CDPSession;
  try {
    root = await browser.newBrowserCDPSession();
  } catch {
    return { usedMiB: async () => null };
  }
  const sessions = new Map<string, string>(); // targetId → sessionId
  const waiting = new Map<number, (value: unknown) => void>();
  let nextId = 1;
  root.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.error ? null : message.result);
  });
  let isAvailable = true;
  return {
    async usedMiB() {
      if (!isAvailable) return null;
      try {
        const { targetInfos } = await root.send('Target.getTargets');
        for (const target of targetInfos) {
          if (target.type !== 'worker' || sessions.has(target.targetId)) continue;
          const { sessionId } = await root.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
          sessions.set(target.targetId, sessionId);
        }
        let total = 0;
        let answered = 0;
        for (const [targetId, sessionId] of sessions) {
          if (!targetInfos.some((t) => t.targetId === targetId)) continue;
          const id = nextId++;
          const reply = new Promise<unknown>((done) => {
            waiting.set(id, done);
            setTimeout(() => done(null), 1000);
          });
          await root.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
          const result = (await reply) as { usedSize?: number } | null;
          waiting.delete(id);
          if (result?.usedSize !== undefined) {
            total += result.usedSize;
            answered++;
          }
        }
        return answered > 0 ? total / 1048576 : null;
      } catch {
        isAvailable = false;
        return null;
      }
    },
  };
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
