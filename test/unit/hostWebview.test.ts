import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunSummary } from '../../src/protocol';
import {
  contentSecurityPolicy,
  escapeHtml,
  makeNonce,
  missingPageHtml,
  renderShell,
  runListHtml,
} from '../../src/host/webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

/** The directives of the CSP `<meta>` of a page. */
function cspOf(html: string): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
  const decoded = content.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return new Map(
    decoded.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('webview shell', () => {
  it('loads the built page with a nonce under a strict CSP', () => {
    const nonce = makeNonce();
    const html = renderShell({
      view: 'lab',
      lang: 'en',
      title: 'RNN Lab: copy.rnnlab.json',
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: `${CSP_SOURCE}/ext/dist/webview/lab.js`,
      styleUri: `${CSP_SOURCE}/ext/dist/webview/lab.css`,
      fallbackBody: '<p>unused</p>',
    });
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`, "'wasm-unsafe-eval'"]);
    assert.ok(csp.get('style-src')?.includes(CSP_SOURCE));
    assert.ok(csp.get('img-src')?.includes(CSP_SOURCE));
    assert.ok(csp.get('font-src')?.includes(CSP_SOURCE));
    assert.ok(!html.includes("'unsafe-eval'"));
    assert.ok(!html.includes("'unsafe-inline'"));
    assert.ok(
      html.includes(`<script nonce="${nonce}" src="${CSP_SOURCE}/ext/dist/webview/lab.js">`),
    );
    assert.ok(html.includes('dist/webview/lab.css'));
    assert.ok(!html.includes('unused'));
    // Every script carries the nonce.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
      assert.ok(tag.includes(`nonce="${nonce}"`));
  });

  it('says plainly, in both languages, that the page is not built, instead of a blank panel', () => {
    const html = renderShell({
      view: 'lab',
      lang: 'ko',
      title: 'RNN Lab',
      cspSource: CSP_SOURCE,
      nonce: 'abc',
      fallbackBody: missingPageHtml('lab', 'ko'),
    });
    assert.ok(!html.includes('<script'));
    assert.ok(html.includes('The lab page is not built'));
    assert.ok(html.includes('랩 페이지가 빌드되지 않았습니다'));
    assert.ok(html.includes('npm run build'));
    assert.ok(
      html.indexOf('lang="ko"', html.indexOf('<body')) <
        html.indexOf('lang="en"', html.indexOf('<body')),
    );
    assert.ok(html.includes('<style nonce="abc">'));
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(
      contentSecurityPolicy({ cspSource: 'x', nonce: 'n' }).startsWith("default-src 'none'"),
    );
  });

  it('lists runs as escaped plain HTML for the side bar fallback', () => {
    const runs: RunSummary[] = [
      {
        id: 'copy-20250101-101010',
        name: '<img src=x onerror=alert(1)>',
        folder: '.rnnlab/runs/copy-20250101-101010',
        status: 'done',
        epoch: 20,
        epochs: 20,
        testLoss: 0.01234,
        accuracy: 0.987,
        hasCheckpoint: true,
      },
      { id: 'parity-1', name: 'parity', folder: 'p', status: 'interrupted', hasCheckpoint: false },
    ];
    const html = runListHtml(runs, 'en');
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x'));
    assert.ok(html.includes('done · epoch 20/20 · test loss 0.012 · accuracy 98.7 %'));
    assert.ok(html.includes('interrupted'));
    assert.ok(html.includes('href="command:rnnLab.newSpec"'));
    assert.match(runListHtml([], 'ko'), /아직 실행이 없습니다/);
    assert.equal(escapeHtml(`a&b<"'>`), 'a&amp;b&lt;&quot;&#39;&gt;');
  });
});
