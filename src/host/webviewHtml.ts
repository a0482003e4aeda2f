/**
 * The HTML shell of the lab panel and the side-bar view: a strict Content Security Policy, the
 * page's script and stylesheet from `dist/webview/`, and, while those are not built, an honest
 * page that says so (in English and Korean) instead of a blank panel. Free of `vscode`.
 */
import { randomBytes } from 'node:crypto';
import type { Lang } from '../explain';
import type { RunSummary, ViewKind } from '../protocol/messages';

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
 * and fonts from the extension (plus the nonce'd inline style of the fallback page), `fetch` of
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

const MISSING: Record<ViewKind, Record<Lang, { title: string; body: string }>> = {
  lab: {
    en: {
      title: 'The lab page is not built',
      body:
        'This panel shows the lab once its page is built. Run <code>npm run build</code> in the ' +
        "extension's folder, then reload the window (Developer: Reload Window).",
    },
    ko: {
      title: '랩 페이지가 빌드되지 않았습니다',
      body:
        '페이지가 빌드되면 이 패널에 랩이 표시됩니다. 확장 폴더에서 <code>npm run build</code>를 ' +
        '실행한 뒤 창을 다시 로드하세요(Developer: Reload Window).',
    },
  },
  sidebar: {
    en: {
      title: 'The training view is not built',
      body:
        'Live training curves appear here once the page is built (<code>npm run build</code>). ' +
        'Until then, this is the list of runs in this workspace.',
    },
    ko: {
      title: '학습 보기가 빌드되지 않았습니다',
      body:
        '페이지가 빌드되면(<code>npm run build</code>) 실시간 학습 곡선이 여기에 표시됩니다. ' +
        '그때까지는 이 작업 영역의 실행 목록을 보여 줍니다.',
    },
  },
};

/** The "not built" notice in both languages, the reader's language first. */
export function missingPageHtml(view: ViewKind, lang: Lang): string {
  const order: Lang[] = lang === 'ko' ? ['ko', 'en'] : ['en', 'ko'];
  return order
    .map((l) => {
      const text = MISSING[view][l];
      return `<section lang="${l}" class="notice"><h2>${escapeHtml(text.title)}</h2><p>${text.body}</p></section>`;
    })
    .join('\n');
}

const RUN_WORDS: Record<
  Lang,
  {
    heading: string;
    none: string;
    newSpec: string;
    status: Record<RunSummary['status'], string>;
    epoch: string;
    loss: string;
    accuracy: string;
  }
> = {
  en: {
    heading: 'Runs',
    none: 'No runs yet: open a spec and run Train.',
    newSpec: 'New Task Spec…',
    status: {
      running: 'training',
      done: 'done',
      stopped: 'stopped',
      failed: 'failed',
      interrupted: 'interrupted',
    },
    epoch: 'epoch',
    loss: 'test loss',
    accuracy: 'accuracy',
  },
  ko: {
    heading: '실행',
    none: '아직 실행이 없습니다. 스펙을 열고 Train을 실행하세요.',
    newSpec: '새 태스크 스펙…',
    status: {
      running: '학습 중',
      done: '완료',
      stopped: '중지됨',
      failed: '실패',
      interrupted: '중단됨',
    },
    epoch: '에폭',
    loss: '테스트 손실',
    accuracy: '정확도',
  },
};

/** The side bar's runs as plain HTML (the fallback while its page is not built). */
export function runListHtml(runs: readonly RunSummary[], lang: Lang): string {
  const w = RUN_WORDS[lang];
  const newSpec = `<p><a href="command:rnnLab.newSpec">${escapeHtml(w.newSpec)}</a></p>`;
  if (runs.length === 0) return `<h3>${w.heading}</h3><p>${escapeHtml(w.none)}</p>${newSpec}`;
  const items = runs.map((run) => {
    const facts: string[] = [w.status[run.status]];
    if (run.epoch !== undefined) {
      facts.push(`${w.epoch} ${run.epoch}${run.epochs !== undefined ? `/${run.epochs}` : ''}`);
    }
    if (run.testLoss !== undefined) facts.push(`${w.loss} ${run.testLoss.toFixed(3)}`);
    if (run.accuracy !== undefined)
      facts.push(`${w.accuracy} ${(run.accuracy * 100).toFixed(1)} %`);
    return (
      `<li><strong>${escapeHtml(run.name)}</strong> <span class="muted">${escapeHtml(run.id)}</span>` +
      `<br>${escapeHtml(facts.join(' · '))}</li>`
    );
  });
  return `<h3>${w.heading}</h3><ul class="runs">${items.join('')}</ul>${newSpec}`;
}

export interface ShellOptions extends CspOptions {
  view: ViewKind;
  lang: Lang;
  title: string;
  /** Webview URIs of the built page; absent when `dist/webview/<view>.js` does not exist. */
  scriptUri?: string;
  styleUri?: string;
  /** HTML shown when there is no script (escaped by the caller). */
  fallbackBody: string;
}

/** Minimal styling for the fallback page, from the editor's theme variables. */
const FALLBACK_STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size);
  color: var(--vscode-foreground); padding: 0 1em; line-height: 1.5; }
code { font-family: var(--vscode-editor-font-family); }
a { color: var(--vscode-textLink-foreground); }
.notice { border-left: 3px solid var(--vscode-editorWarning-foreground); padding-left: 0.8em; }
.muted { color: var(--vscode-descriptionForeground); }
ul.runs { padding-left: 1.2em; }`;

export function renderShell(options: ShellOptions): string {
  const { nonce, view, lang } = options;
  const csp = contentSecurityPolicy(options);
  const head = [
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(options.title)}</title>`,
  ];
  let body: string;
  if (options.scriptUri) {
    if (options.styleUri) {
      head.push(`<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">`);
    }
    body =
      `<div id="app" data-view="${view}"></div>\n` +
      `<script nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>`;
  } else {
    head.push(`<style nonce="${nonce}">${FALLBACK_STYLE}</style>`);
    body = options.fallbackBody;
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    `<head>\n${head.join('\n')}\n</head>`,
    `<body data-view="${view}" data-lang="${lang}">\n${body}\n</body>`,
    '</html>',
  ].join('\n');
}
