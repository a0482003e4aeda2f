/**
 * The HTML shell of the lab panel and the side-bar view: a strict Content Security Policy and the
 * page's script and stylesheet from `dist/webview/` (built by `npm run build`, shipped in the
 * package). Free of `vscode`.
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../explain';
import type { ViewKind } from '../protocol/messages';

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface CspOptions {
  /** `webview.cspSource`: the origin of the extension's own files inside the webview. */
  cspSource: string;
  nonce: string;
}

/**
 * `default-src 'none'`, then only what the pages need: scripts carrying the nonce, styles, images
 * and fonts from the extension, `fetch` of
 * the extension's own files (the WASM backend loads its `.wasm` that way), workers from there.
 * `'wasm-unsafe-eval'` lets TensorFlow.js' WASM backend compile its WebAssembly; it does not allow
 * `eval` of JavaScript (no `'unsafe-eval'`).
 */
export function contentSecurityPolicy({ cspSource, nonce }: CspOptions): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'wasm-unsafe-eval'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    `connect-src ${cspSource}`,
    `worker-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A fresh nonce per page: 128 random bits from the system's CSPRNG, base64url. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

export interface ShellOptions extends CspOptions {
  view: ViewKind;
  lang: Lang;
  title: string;
  /** Webview URIs of the page's script (`dist/webview/<view>.js`) and stylesheet, if any. */
  scriptUri: string;
  styleUri?: string;
}

export function renderShell(options: ShellOptions): string {
  const { nonce, view, lang } = options;
  const csp = contentSecurityPolicy(options);
  const head = [
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(options.title)}</title>`,
  ];
  if (options.styleUri) {
    head.push(`<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">`);
  }
  const body =
    `<div id="app" data-view="${view}"></div>\n` +
    `<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    `<head>\n${head.join('\n')}\n</head>`,
    `<body data-view="${view}" data-lang="${lang}">\n${body}\n</body>`,
    '</html>',
  ].join('\n');
}
