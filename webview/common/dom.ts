/**
 * A tiny element builder: the views build their DOM by hand (no framework), and every text goes
 * in through `textContent`, so run data (tokens, spec names, messages) can never inject markup.
 */

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** `el('button', { class: 'x', 'data-testid': 'train', disabled: true }, 'Train')` */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A codicon (`play`, `debug-stop`…): decorative, the button or label next to it carries the words. */
export function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button with an icon and words; `testid` is the stable hook for the browser tests. */
export function button(
  label: string,
  options: { icon?: string; testid?: string; title?: string; class?: string } = {},
  onClick?: (event: MouseEvent) => void,
): HTMLButtonElement {
  const node = el(
    'button',
    {
      type: 'button',
      class: options.class ?? 'lab-button',
      'data-testid': options.testid,
      title: options.title,
    },
    options.icon ? icon(options.icon) : null,
    el('span', { class: 'lab-button-label' }, label),
  );
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

/** Sets a button's words without touching its icon. */
export function setButtonLabel(node: HTMLButtonElement, label: string, iconName?: string): void {
  const span = node.querySelector('.lab-button-label');
  if (span) span.textContent = label;
  if (iconName) {
    const glyph = node.querySelector('.codicon');
    if (glyph) glyph.className = `codicon codicon-${iconName}`;
  }
}

/**
 * Calls `render` once on the next animation frame however often it is asked in between: views
 * that receive many events (a batch at a time) draw at most once a frame.
 */
export function frameScheduler(render: () => void): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    nextFrame(() => {
      pending = false;
      render();
    });
  };
}

/**
 * The next animation frame, or FRAME_FALLBACK_MS later when the browser grants none (a webview
 * it deems hidden or occluded gets no frames, and a page busy training may get them late): the
 * curves must not wait for a frame that never comes while the side bar already shows them.
 */
export function nextFrame(run: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, FRAME_FALLBACK_MS);
}

export const FRAME_FALLBACK_MS = 250;
