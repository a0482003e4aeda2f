/**
 * Saving what the lab shows: a chart or heatmap as PNG (its canvas on an opaque background, with
 * a title), its numbers as CSV or JSON. Webviews cannot download, so the bytes go to
 * `LabActions.saveFile` and the host asks where to put them.
 */
import { button, el } from '../../common/dom';
import { canvasFont, theme } from '../../common/theme';
import type { ViewText } from './viewText';

export type SaveFile = (
  suggestedName: string,
  kind: 'png' | 'csv' | 'json',
  data: Uint8Array | string,
) => void;

/** The canvases side by side under a title line, on the theme's background, as PNG bytes. */
export async function canvasesToPng(
  canvases: readonly HTMLCanvasElement[],
  title: string,
): Promise<Uint8Array> {
  const t = theme();
  const dpr = window.devicePixelRatio || 1;
  const pad = Math.round(8 * dpr);
  const titleHeight = title ? Math.round(20 * dpr) : 0;
  const width = canvases.reduce((w, c) => w + c.width, 0) + pad * (canvases.length + 1);
  const height = canvases.reduce((h, c) => Math.max(h, c.height), 0) + titleHeight + pad * 2;
  const out = document.createElement('canvas');
  out.width = Math.max(1, width);
  out.height = Math.max(1, height);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.fillStyle = t.background;
  ctx.fillRect(0, 0, out.width, out.height);
  if (title) {
    ctx.fillStyle = t.foreground;
    ctx.font = canvasFont(Math.round(12 * dpr), false, '600');
    ctx.textBaseline = 'top';
    ctx.fillText(title, pad, pad);
  }
  let x = pad;
  for (const canvas of canvases) {
    ctx.drawImage(canvas, x, pad + titleHeight);
    x += canvas.width + pad;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the canvas could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

type Cell = string | number | boolean | null | undefined;

function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** `reverse` + `loss` → `reverse-loss`: a safe file-name stem. */
export function fileStem(...parts: string[]): string {
  return (
    parts
      .filter((p) => p !== '')
      .join('-')
      .toLowerCase()
      .replace(/\.rnnlab\.json$/, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'rnnlab'
  );
}

export interface ExportSources {
  /** File name without extension. */
  name: () => string;
  png?: () => Promise<Uint8Array>;
  csv?: () => string;
  json?: () => unknown;
}

/** The PNG / CSV / JSON buttons of a chart card. */
export function exportButtons(
  text: ViewText,
  save: SaveFile,
  sources: ExportSources,
  onError: (message: string) => void,
): HTMLElement {
  const bar = el('div', { class: 'lab-export', role: 'group', 'aria-label': text.exportGroup });
  const add = (
    kind: 'png' | 'csv' | 'json',
    label: string,
    run: () => Promise<Uint8Array | string>,
  ) => {
    const node = button(
      label,
      {
        class: 'lab-button lab-button-small',
        title: text.exportAs(kind.toUpperCase()),
        icon: kind === 'png' ? 'device-camera' : 'save',
      },
      () => {
        run()
          .then((data) => save(`${sources.name()}.${kind}`, kind, data))
          .catch((error: unknown) =>
            onError(text.exportFailed(String((error as Error)?.message ?? error))),
          );
      },
    );
    node.dataset.export = kind;
    bar.appendChild(node);
  };
  const { png, csv, json } = sources;
  if (png) add('png', 'PNG', png);
  if (csv) add('csv', 'CSV', async () => csv());
  if (json) add('json', 'JSON', async () => JSON.stringify(json(), null, 2));
  return bar;
}
