/**
 * Driving the built lab page in a test: specs as the host would send them, the page opened with
 * the fake host (the test's hook records every message the page posts and the page's long
 * tasks), and waits on what the page reports. Evaluated functions go through `globalThis`, not
 * `window`: this file is type-checked without the DOM library.
 */
import type { Page } from 'playwright-core';
import type { TrainEvent } from '../../src/engine/trainEvents';
import type { InitMessage, SpecSnapshot, WebviewToHost } from '../../src/protocol';
import { validateSpecText } from '../../src/spec/validateSpec';
import { labShell } from './harness';

/** A suite's server routes: the lab in English at /lab.html and in Korean at /lab-ko.html. */
export const LAB_PAGES = {
  '/lab.html': (origin: string) => labShell(origin, 'en'),
  '/lab-ko.html': (origin: string) => labShell(origin, 'ko'),
};

/** Posts `message` to the page as the host would (the page's `message` event). */
export function postToPage(page: Page, message: object): Promise<void> {
  return page.evaluate(
    (m) =>
      (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'),
    message,
  );
}

/** A spec file's snapshot as the host sends it in `loadSpec`. */
export function snapshotOf(spec: object | string, fileName = 'test.rnnlab.json'): SpecSnapshot {
  const text = typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2);
  const checked = validateSpecText(text);
  return {
    uri: `file:///workspace/${fileName}`,
    fileName,
    text,
    problems: checked.problems,
    ...(checked.spec ? { spec: checked.spec } : {}),
    ...(checked.sweep ? { sweep: checked.sweep } : {}),
    dataLoaded: true,
  };
}

interface PageGlobals {
  rnnLabSent: WebviewToHost[];
  rnnLabLongTasks: { start: number; duration: number }[];
  rnnLabTest?: { loseWebglContext(): boolean };
}

/**
 * Opens the lab on `snapshot` with the fake host. Navigation waits for `commit` only (a page
 * that trains right away can hold back `load`); the page is ready when its test handle exists.
 */
export async function openLab(
  page: Page,
  origin: string,
  options: { snapshot?: SpecSnapshot; init?: Partial<InitMessage>; path?: string } = {},
): Promise<void> {
  // Page code as text: it runs before the page's script and needs the browser's types
  // (PerformanceObserver 'longtask'), not Node's.
  const hook = JSON.stringify({
    ...(options.init ? { init: options.init } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  });
  await page.addInitScript({
    content: `
      globalThis.rnnLabSent = [];
      globalThis.rnnLabLongTasks = [];
      globalThis.rnnLabTestHost = Object.assign(${hook}, {
        receive(message) { globalThis.rnnLabSent.push(message); },
      });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          globalThis.rnnLabLongTasks.push({ start: entry.startTime, duration: entry.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    `,
  });
  await page.goto(`${origin}${options.path ?? '/lab.html'}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).rnnLabTest !== undefined);
}

/** Every message the page posted so far. */
export function sent(page: Page): Promise<WebviewToHost[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).rnnLabSent);
}

/** The train events the page posted to the host, in order. */
export async function trainEvents(page: Page): Promise<{ runId: string; event: TrainEvent }[]> {
  const messages = await sent(page);
  return messages.flatMap((m) =>
    m.type === 'trainEvent' ? [{ runId: m.runId, event: m.event }] : [],
  );
}

/** Waits until the page has posted `count` train events that end a run (done, stopped, failed). */
export async function waitForRunEnds(page: Page, count = 1, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).rnnLabSent.filter(
        (m) =>
          m.type === 'trainEvent' &&
          (m.event.type === 'done' || m.event.type === 'stopped' || m.event.type === 'failed'),
      ).length >= n,
    count,
    { timeout, polling: 250 },
  );
}

/** Waits for a train event matching `type` (and epoch, when given). */
export async function waitForEvent(
  page: Page,
  type: TrainEvent['type'],
  epoch?: number,
  timeout = 120_000,
): Promise<void> {
  await page.waitForFunction(
    ({ type, epoch }) =>
      (globalThis as unknown as PageGlobals).rnnLabSent.some(
        (m) =>
          m.type === 'trainEvent' &&
          m.event.type === type &&
          (epoch === undefined || ('epoch' in m.event && m.event.epoch === epoch)),
      ),
    { type, epoch },
    { timeout, polling: 100 },
  );
}

/** Long main-thread tasks (over 50 ms) the page had, in milliseconds, since it opened. */
export function longTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).rnnLabLongTasks);
}

export function loseWebglContext(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (globalThis as unknown as PageGlobals).rnnLabTest?.loseWebglContext() ?? false,
  );
}

/** Clicks a views button by its test id. */
export async function click(page: Page, testid: string): Promise<void> {
  await page.locator(`[data-testid="${testid}"]`).first().click();
}
