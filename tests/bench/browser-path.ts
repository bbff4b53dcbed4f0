// The benchmark's Chromium path: the built site served from 127.0.0.1, driven the way a user imports a
// file (choose it, press Import), timed until the summary shows every row, then until the analysis overview
// shows the trend counts of those rows (the analysis starts by itself once the rows are in).
import { type Browser, type CDPSession, type Page } from 'playwright-core';
import { processTreeRss } from './memory.ts';
import { CHROMIUM_PATH } from '../e2e/browser.ts';

export { serveStatic } from '../e2e/static-server.ts';
export { launchChromium } from '../e2e/browser.ts';
export const CHROMIUM = CHROMIUM_PATH;

interface MemoryPeaks {
  /** Highest JSHeapUsedSize of the page (CDP Performance.getMetrics), MiB. */
  pageHeapPeakMiB: number;
  /** Highest used JS heap summed over the page's workers (CDP Runtime.getHeapUsage), MiB, or null. */
  workerHeapPeakMiB: number | null;
  /** Highest resident memory of the renderer processes and of all Chromium processes, MiB. */
  rendererRssPeakMiB: number;
  chromiumRssPeakMiB: number;
}

/** The page's main thread: the longest task the Long Tasks API saw (tasks over 50 ms), and how many. */
export interface MainThreadBlocks {
  longestTaskMs: number;
  longTasks: number;
}

/**
 * The analysis in the page. Its main-thread figures cover the tasks that started after the summary showed every
 * row (the analysis, the overview's charts and the migration); its memory peaks cover the whole run.
 */
export interface BrowserAnalysisRun extends MainThreadBlocks {
  /** From the summary showing every row to the overview showing the trend counts of the same customers. */
  seconds: number;
  customers: number;
  trendCounts: Record<string, number>;
  /**
   * From the summary showing every row to the stage migration shown (the site's second analysis, three
   * months earlier), or null when it did not show within a minute of the overview.
   */
  migrationSeconds: number | null;
  peaks: MemoryPeaks;
}

export interface BrowserRun extends MemoryPeaks, MainThreadBlocks {
  /**
   * Opening the page → the first screen usable (the demo buttons enabled), on the page's own clock from the
   * start of navigation; DuckDB keeps loading in the background.
   */
  firstScreenSeconds: number | null;
  /** From navigation to DuckDB started in the background (the import is timed from then on). */
  engineReadySeconds: number | null;
  /** The longest main-thread task from navigation to the file being chosen (the page starting, DuckDB loading). */
  startupLongestTaskMs: number;
  /** Choosing the file → the summary showing every row (the memory peaks and main-thread figures cover this). */
  seconds: number;
  rowsPerSecond: number;
  analysis: BrowserAnalysisRun | { skipped: string };
}

/** Raised when the page lacks what the benchmark needs; the caller reports it as "skipped". */
export class NotReady extends Error {}

export interface ImportExpectations {
  rows: number;
  /** Customers the Node path analysed on the same file, when it ran (the overview must show as many). */
  customers: number | null;
  /** Whether the import rejects rows, so the review of rejected rows appears (the rows are kept). */
  hasRejected: boolean;
}

/**
 * Opens the site, sets `file` on the file input, presses Import when it appears, and waits until
 * `[data-testid=summary-rows]` carries `data-value` = the expected rows; then keeps the rows if the review of
 * rejected rows appears, and waits until the overview of the finished analysis shows its trend counts.
 */
export async function importInBrowser(browser: Browser, siteUrl: string, file: string, expected: ImportExpectations): Promise<BrowserRun> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(watchLongTasks);
  try {
    await page.goto(siteUrl);
    const input = page.locator('[data-testid=file-input]');
    try {
      await input.waitFor({ state: 'attached', timeout: 20_000 });
    } catch {
      throw new NotReady('the site has no [data-testid=file-input] yet');
    }
    const firstScreenSeconds = await page
      .waitForFunction(() => {
        const demo = document.querySelector<HTMLButtonElement>('[data-testid=demo-ciclo]');
        return demo !== null && !demo.disabled && demo.offsetParent !== null ? performance.now() / 1000 : false;
      }, null, { timeout: 20_000 })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => null);
    // DuckDB starts in the background behind the first screen; the import is timed from a started engine, as a
    // user who looks at the first screen for a few seconds meets it (and as the references exclude their start).
    const engineReadySeconds = await page
      .waitForFunction(() => (document.querySelector('#main[data-engine="done"]') ? performance.now() / 1000 : false), null, { timeout: 60_000 })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => null);
    const memory = await watchMemory(page);
    const importPageTime = await page.evaluate(() => performance.now());
    const startup = await longTasks(page, 0, importPageTime);
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
      const summary = page.locator(`[data-testid=summary-rows][data-value="${expected.rows}"]`);
      try {
        await summary.waitFor({ state: 'attached', timeout: 15 * 60_000 });
      } catch {
        const shown = await page.locator('[data-testid=summary-rows]').getAttribute('data-value', { timeout: 1000 }).catch(() => null);
        throw new NotReady(`[data-testid=summary-rows] never showed ${expected.rows} rows (last value: ${shown ?? 'none'})`);
      }
      const summaryShown = performance.now();
      const seconds = (summaryShown - started) / 1000;
      const importPeaks = memory.peek();
      // The page's clock at the summary: long tasks that started before it belong to the import.
      const summaryPageTime = await page.evaluate(() => performance.now());
      const importBlocks = await longTasks(page, importPageTime, summaryPageTime);
      let analysis: BrowserRun['analysis'];
      try {
        analysis = await waitForOverview(page, summaryShown, summaryPageTime, expected, memory);
      } catch (thrown) {
        analysis = { skipped: thrown instanceof NotReady ? thrown.message : `failed: ${(thrown as Error).message.split('\n')[0]}` };
      }
      return { firstScreenSeconds, engineReadySeconds, startupLongestTaskMs: startup.longestTaskMs, seconds, rowsPerSecond: expected.rows / seconds, ...importPeaks, ...importBlocks, analysis };
    } finally {
      await memory.stop();
    }
  } finally {
    await context.close();
  }
}

/** The demo-style flow after the rows are in: keep them if asked, then wait for the overview and the migration. */
async function waitForOverview(
  page: Page,
  since: number,
  sincePageTime: number,
  expected: ImportExpectations,
  memory: MemoryWatch,
): Promise<BrowserAnalysisRun> {
  if (expected.hasRejected) {
    // The review appears right after the totals that include the rows read; keeping them re-reads the totals.
    const keep = page.locator('[data-testid=keep-rows]');
    await keep.waitFor({ state: 'visible', timeout: 60_000 });
    await keep.click();
  } else if (await page.locator('[data-testid=keep-rows]').isVisible()) {
    await page.locator('[data-testid=keep-rows]').click();
  }
  let outcome: string;
  try {
    const handle = await page.waitForFunction(
      (customers) => {
        const status = document.querySelector('[data-testid="analysis-status"]')?.getAttribute('data-status');
        if (status === 'failed') return 'failed';
        const overview = document.querySelector('[data-testid="overview"]');
        if (status !== 'done' || !overview) return false;
        const shown = Number(overview.getAttribute('data-customers'));
        if (customers !== null && shown !== customers) return false;
        const counts = [...document.querySelectorAll('[data-testid^="trend-count-"]')].map((e) => Number(e.getAttribute('data-value')));
        return counts.length > 0 && counts.reduce((sum, n) => sum + n, 0) === shown ? 'done' : false;
      },
      expected.customers,
      { timeout: 15 * 60_000 },
    );
    outcome = (await handle.jsonValue()) as string;
  } catch {
    const status = await page.locator('[data-testid=analysis-status]').getAttribute('data-status', { timeout: 1000 }).catch(() => null);
    throw new NotReady(`the overview never showed ${expected.customers ?? 'its'} customers (analysis status: ${status ?? 'none'})`);
  }
  if (outcome === 'failed') {
    const text = await page.locator('[role=alert]').first().textContent({ timeout: 1000 }).catch(() => null);
    throw new NotReady(`the analysis failed${text ? `: ${text.trim().slice(0, 200)}` : ''}`);
  }
  const seconds = (performance.now() - since) / 1000;
  const trendCounts = await page.$$eval('[data-testid^="trend-count-"]', (cards) =>
    Object.fromEntries(cards.map((c) => [c.getAttribute('data-testid')!.slice('trend-count-'.length), Number(c.getAttribute('data-value'))])),
  );
  const customers = Number(await page.locator('[data-testid=overview]').getAttribute('data-customers'));
  let migrationSeconds: number | null = null;
  try {
    await page.locator('[data-testid=migration-title][data-before]').waitFor({ state: 'attached', timeout: 60_000 });
    migrationSeconds = (performance.now() - since) / 1000;
  } catch {
    // Reported as null: the overview figure stands on its own.
  }
  return { seconds, customers, trendCounts, migrationSeconds, ...(await longTasks(page, sincePageTime, Infinity)), peaks: memory.peek() };
}

/**
 * Runs in the page before its scripts (page.addInitScript, so before navigation): records the start and length
 * of every long task (over 50 ms) of the main thread that the Long Tasks API reports.
 */
function watchLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  (globalThis as unknown as { __benchLongTasks: typeof tasks }).__benchLongTasks = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the figures stay 0.
  }
}

/** The long tasks that started in [from, to) of the page's clock (performance.now()). */
async function longTasks(page: Page, from: number, to: number): Promise<MainThreadBlocks> {
  return page
    .evaluate(
      ([from, to]) => {
        const tasks = (globalThis as unknown as { __benchLongTasks?: { start: number; duration: number }[] }).__benchLongTasks ?? [];
        const within = tasks.filter((task) => task.start >= from && task.start < to);
        return { longestTaskMs: Math.max(0, ...within.map((task) => task.duration)), longTasks: within.length };
      },
      [from, to] as const,
    )
    .catch(() => ({ longestTaskMs: 0, longTasks: 0 }));
}

interface MemoryWatch {
  /** The peaks so far, sampling going on. */
  peek(): MemoryPeaks;
  stop(): Promise<MemoryPeaks>;
}

/** Samples page heap, worker heaps and Chromium process memory every 50 ms until stopped. */
async function watchMemory(page: Page): Promise<MemoryWatch> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const workers = await attachWorkers(page);
  const peaks: MemoryPeaks = { pageHeapPeakMiB: 0, workerHeapPeakMiB: null, rendererRssPeakMiB: 0, chromiumRssPeakMiB: 0 };
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
    peek: () => ({ ...peaks }),
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
