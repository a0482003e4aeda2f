/**
 * Colours for what is drawn on <canvas> (charts, heatmap axes), read from the page's CSS custom
 * properties. The stylesheet maps each `--lab-*` property onto a `--vscode-*` theme colour with a
 * fallback, so the same code reads right in light, dark and high-contrast themes and in a plain
 * browser page. VS Code swaps the variables (and the body's `vscode-*` class) when the theme
 * changes; `onThemeChange` tells the canvases to redraw.
 */

export interface Theme {
  foreground: string;
  muted: string;
  background: string;
  border: string;
  grid: string;
  focus: string;
  error: string;
  warning: string;
  success: string;
  /** Chart series, in order; distinct in hue and used together with distinct dash patterns. */
  series: string[];
  font: string;
  monoFont: string;
  highContrast: boolean;
}

const SERIES_VARS = [
  '--lab-series-1',
  '--lab-series-2',
  '--lab-series-3',
  '--lab-series-4',
  '--lab-series-5',
  '--lab-series-6',
];

/** Used when the stylesheet is not loaded at all (the variables are empty). */
const FALLBACK: Theme = {
  foreground: '#3b3b3b',
  muted: '#6f6f6f',
  background: '#ffffff',
  border: 'rgba(128, 128, 128, 0.35)',
  grid: 'rgba(128, 128, 128, 0.18)',
  focus: '#0078d4',
  error: '#c72e0f',
  warning: '#b26b00',
  success: '#388a34',
  series: ['#1a85ff', '#d6700c', '#388a34', '#b5179e', '#6c6cc0', '#a0872b'],
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  monoFont: 'ui-monospace, Menlo, Consolas, monospace',
  highContrast: false,
};

let cached: Theme | undefined;

function read(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function theme(): Theme {
  if (cached) return cached;
  const style = getComputedStyle(document.body ?? document.documentElement);
  cached = {
    foreground: read(style, '--lab-fg', FALLBACK.foreground),
    muted: read(style, '--lab-muted', FALLBACK.muted),
    background: read(style, '--lab-bg', FALLBACK.background),
    border: read(style, '--lab-border', FALLBACK.border),
    grid: read(style, '--lab-grid', FALLBACK.grid),
    focus: read(style, '--lab-focus', FALLBACK.focus),
    error: read(style, '--lab-error', FALLBACK.error),
    warning: read(style, '--lab-warning', FALLBACK.warning),
    success: read(style, '--lab-success', FALLBACK.success),
    series: SERIES_VARS.map((name, i) => read(style, name, FALLBACK.series[i] ?? '#888')),
    font: read(style, '--lab-font', FALLBACK.font),
    monoFont: read(style, '--lab-mono', FALLBACK.monoFont),
    highContrast:
      document.body?.classList.contains('vscode-high-contrast') === true ||
      document.body?.classList.contains('vscode-high-contrast-light') === true,
  };
  return cached;
}

/** `12px system-ui` from the theme's font family. */
export function canvasFont(size: number, mono = false, weight = ''): string {
  const t = theme();
  return `${weight ? `${weight} ` : ''}${size}px ${mono ? t.monoFont : t.font}`;
}

const listeners = new Set<() => void>();
let observing = false;

function startObserving(): void {
  if (observing || typeof MutationObserver === 'undefined') return;
  observing = true;
  const changed = (): void => {
    cached = undefined;
    for (const listener of [...listeners]) listener();
  };
  const observer = new MutationObserver(changed);
  // VS Code sets the theme class on <body> and the variables in <html style="…">.
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['style', 'class'],
  });
  if (document.body) {
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  }
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', changed);
}

/** Calls `listener` after every theme change; returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  startObserving();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
