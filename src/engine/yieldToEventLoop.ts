/**
 * Lets other work run between batches. `setImmediate` in Node; a `MessageChannel` in browsers and
 * workers, because `setTimeout` is clamped and `requestAnimationFrame` stops in hidden webviews.
 *
 * One `MessageChannel` turn lets about one other waiting task run. That is enough for the page's
 * own clicks and paints, not for a page that shares its thread with others: VS Code in a browser
 * (code-server) serves webviews from the workbench's origin, so the lab trains on the workbench's
 * thread, and the workbench reads its socket to the extension host one frame per task, each read
 * finishing a little later. With one task per batch it falls ever further behind (Stop Training
 * arrived minutes late). So once per `DRAIN_EVERY_MS` of work the yield drains: it takes turns
 * while others still run in them, then (visible pages only: hidden frames' timers may be slowed
 * to 1 s) idles `IDLE_MS` so the reads under way land. At most ~`IDLE_MS` per `DRAIN_EVERY_MS`
 * of training (under 10 %, 1-4 % for batches of 100-300 ms), and nothing more per batch.
 */
const DRAIN_EVERY_MS = 50;
const IDLE_MS = 4;
/** A turn that comes back faster than this found nothing else waiting. */
const QUICK_TURN_MS = 1;
const MAX_TURNS = 32;

let lastDrain = 0;

export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => void };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return new Promise((resolve) => immediate(resolve));
  }
  if (typeof MessageChannel !== 'undefined') {
    if (performance.now() - lastDrain < DRAIN_EVERY_MS) return messageChannelTurn();
    return drain();
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function drain(): Promise<void> {
  lastDrain = performance.now();
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const started = performance.now();
    await messageChannelTurn();
    if (performance.now() - started < QUICK_TURN_MS) break;
  }
  const doc = (globalThis as { document?: { visibilityState?: string } }).document;
  if (doc?.visibilityState === 'visible') {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  }
  lastDrain = performance.now();
}

function messageChannelTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // Typed through Node's MessagePort here; in a browser `onmessage` is the usual handler.
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
