import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contentSecurityPolicy,
  escapeHtml,
  makeNonce,
  renderShell,
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
    // Every script carries the nonce.
    for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
      assert.ok(tag.includes(`nonce="${nonce}"`));
  });

  it('makes a fresh, unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(
      contentSecurityPolicy({ cspSource: 'x', nonce: 'n' }).startsWith("default-src 'none'"),
    );
  });

  it('escapes what it puts into the page', () => {
    assert.equal(escapeHtml(`a&b<"'>`), 'a&amp;b&lt;&quot;&#39;&gt;');
    const html = renderShell({
      view: 'sidebar',
      lang: 'ko',
      title: '<b>x</b>',
      cspSource: CSP_SOURCE,
      nonce: 'abc',
      scriptUri: `${CSP_SOURCE}/dist/webview/sidebar.js?"><script>`,
    });
    assert.ok(html.includes('<title>&lt;b&gt;x&lt;/b&gt;</title>'));
    assert.equal(html.match(/<script\b/g)?.length, 1);
    assert.ok(html.includes('<html lang="ko">'));
  });
});
