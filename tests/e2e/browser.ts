// Headless Debian Chromium for end-to-end tests, with a recorder of every request the page and its
// workers make, so a test can prove that nothing leaves the machine.
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

export interface RecordedSession {
  context: BrowserContext;
  page: Page;
  /** Every URL requested by the page, its frames and its workers, in order. */
  requests: string[];
  /** Content-Security-Policy violations reported by the page. */
  cspViolations: string[];
  /** Uncaught errors and console errors. */
  pageErrors: string[];
  /** Requests to any origin other than the site's own. */
  foreignRequests(): string[];
}

/**
 * Opens a context that records requests through a catch-all route (it sees requests from
 * dedicated workers too) and through the request events, and aborts anything foreign so that
 * nothing can leave even while the test fails.
 */
export async function openRecorded(
  browser: Browser,
  origin: string,
  { bypassCSP = false, serviceWorkers = 'block' }: { bypassCSP?: boolean; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<RecordedSession> {
  // The offline copy (a service worker storing ~45 MB) is only wanted by the tests about it: the offline test
  // and the zero-egress test, which must see the worker's own requests too.
  const context = await browser.newContext({ bypassCSP, serviceWorkers, acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  const isOwn = (url: string) =>
    url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:') || url === origin;
  // Both the route and the request event see most requests; record each request object once.
  const seen = new WeakSet<Request>();
  const record = (request: Request) => {
    if (seen.has(request)) return;
    seen.add(request);
    requests.push(request.url());
  };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    record(route.request());
    if (isOwn(url)) await route.continue();
    else await route.abort('blockedbyclient');
  });
  context.on('request', record);
  await context.exposeBinding('__cicloCspViolation', (_source, text: string) => {
    cspViolations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __cicloCspViolation?: (t: string) => void }).__cicloCspViolation;
      report?.(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  return {
    context,
    page,
    requests,
    cspViolations,
    pageErrors,
    foreignRequests: () => requests.filter((url) => !isOwn(url)),
  };
}
