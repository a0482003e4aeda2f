/**
 * What the browser tests share: a tiny static server on 127.0.0.1 (a random port) for the built
 * pages in dist/webview/ and the test bundles, the lab's HTML shell exactly as the host writes it
 * (same CSP, nonce, script and stylesheet links), and Debian's Chromium driven by playwright-core.
 *
 * Nothing here downloads a browser: Chromium comes from the system (`apt-get install chromium`).
 * When it cannot start, `launchBrowser` throws with the reason, and the suite fails.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { renderShell } from '../../src/host/webviewHtml';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const resultsDir = join(root, 'test-results', 'browser');
const bundleDir = join(resultsDir, 'bundles');

export { CHROMIUM, CHROMIUM_ARGS };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" ` +
        '(or set CHROMIUM_PATH). The browser tests cannot run without it.',
    );
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${(error as Error).message}`);
  }
}

/**
 * A fresh page (in its own context). tsx compiles the tests with esbuild's `keepNames`, which
 * wraps functions in `__name(…)`; functions sent to the page keep those calls, so the page gets a
 * `__name` that does nothing.
 */
export async function newPage(browser: Browser): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const page = await context.newPage();
  return { page, context };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface TestServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves dist/ (the built pages), the test bundles, and the generated HTML pages. */
export async function startServer(
  pages: Record<string, (origin: string) => string>,
): Promise<TestServer> {
  const folders: Record<string, string> = {
    '/dist/': join(root, 'dist'),
    '/bundles/': bundleDir,
  };
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const page = pages[path];
    if (page) {
      response.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      response.end(page(origin));
      return;
    }
    for (const [prefix, folder] of Object.entries(folders)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(folder, path.slice(prefix.length)));
      if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) break;
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(readFileSync(file));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The lab page as the host renders it, with `origin` in the role of `webview.cspSource`. */
export function labShell(origin: string, lang: 'en' | 'ko' = 'en'): string {
  const css = existsSync(join(root, 'dist', 'webview', 'lab.css'));
  return renderShell({
    view: 'lab',
    lang,
    title: 'RNN Lab (browser test)',
    cspSource: origin,
    nonce: 'browserTestNonce0123456789',
    scriptUri: `${origin}/dist/webview/lab.js`,
    ...(css ? { styleUri: `${origin}/dist/webview/lab.css` } : {}),
  });
}

/** A page for a test bundle under the same CSP as the lab. */
export function bundleShell(bundle: string): (origin: string) => string {
  return (origin) =>
    renderShell({
      view: 'lab',
      lang: 'en',
      title: `RNN Lab test: ${bundle}`,
      cspSource: origin,
      nonce: 'browserTestNonce0123456789',
      scriptUri: `${origin}/bundles/${bundle}.js`,
    });
}

/** Builds the test pages (not shipped) into test-results/browser/bundles/. */
export async function buildTestBundles(): Promise<void> {
  mkdirSync(bundleDir, { recursive: true });
  await esbuild.build({
    entryPoints: { parity: join(root, 'test/browser/pages/parityPage.ts') },
    outdir: bundleDir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'warning',
  });
}

/** Fails with a clear message when the lab page was not built. */
export function assertBuilt(): void {
  const script = join(root, 'dist', 'webview', 'lab.js');
  if (!existsSync(script)) {
    throw new Error('dist/webview/lab.js is missing: run "node esbuild.mjs" (npm run build) first');
  }
  const wasm = join(root, 'dist', 'webview', 'tfjs-backend-wasm.wasm');
  if (!existsSync(wasm)) throw new Error('dist/webview/*.wasm are missing: run "node esbuild.mjs"');
}

/**
 * A browser suite's set-up, once for every suite: call it inside `describe` to register the hooks
 * that check the build, serve `pages` and start Chromium before the tests and close both after.
 * The two are read inside the tests (the hooks have run by then).
 */
export function browserSuite(pages: Record<string, (origin: string) => string>): {
  readonly browser: Browser;
  readonly server: TestServer;
} {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  before(async () => {
    assertBuilt();
    server = await startServer(pages);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the suite's ${what} starts in its before hook`);
    return value;
  };
  return {
    get browser() {
      return started(browser, 'browser');
    },
    get server() {
      return started(server, 'server');
    },
  };
}

/** Collects the page's console errors, failed requests and CSP violations, for assertions. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`),
  );
  return { errors };
}

export function screenshotPath(name: string): string {
  mkdirSync(resultsDir, { recursive: true });
  return join(resultsDir, `${name}.png`);
}
