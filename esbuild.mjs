// One script builds every bundle: the CLI, the extension, and the webview pages (dist/webview/:
// lab.js, sidebar.js, their CSS, and TensorFlow.js' .wasm files). `--production` minifies,
// `--watch` rebuilds on change.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Prefer ES module builds: jsonc-parser's UMD build requires files by computed paths that a
    // bundler cannot follow.
    mainFields: ['module', 'main'],
    // The WASM backend loads its .wasm files from its own package folder at run time.
    external: ['@tensorflow/tfjs-backend-wasm'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  {
    // The VS Code extension: everything bundled except `vscode`, which the extension host
    // provides, so the package needs no node_modules at run time.
    entryPoints: ['src/host/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    external: ['vscode'],
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
];

/**
 * The webview pages: browser bundles (an IIFE each, loaded by the host's HTML shell under its
 * CSP). CSS a page imports from TypeScript comes out beside its script (`lab.css`), which the host
 * links when it exists; fonts and images it references are copied next to it.
 */
const webviewBase = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  outdir: 'dist/webview',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  assetNames: '[name]',
  sourcemap: !production,
  minify: production,
  metafile: true,
  logLevel: 'warning',
};

/** Pages whose entry exists (a page joins the build when its `main.ts` is written). */
const pages = [
  { name: 'lab', entry: 'webview/lab/main.ts', css: 'media/lab.css' },
  { name: 'sidebar', entry: 'webview/sidebar/main.ts', css: 'media/sidebar.css' },
].filter((page) => existsSync(page.entry));
for (const page of pages) {
  builds.push({ ...webviewBase, entryPoints: { [page.name]: page.entry } });
}

/**
 * TensorFlow.js' WASM backend fetches its `.wasm` binaries at run time from beside the page's
 * script (`setWasmPaths`): copy them to dist/webview/.
 */
function copyWasm() {
  const from = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  mkdirSync('dist/webview', { recursive: true });
  for (const name of readdirSync(from).filter((n) => n.endsWith('.wasm'))) {
    copyFileSync(`${from}/${name}`, `dist/webview/${name}`);
  }
}

/** A page's stylesheet kept as a plain file in media/ (not imported from TypeScript). */
function cssBuild(page) {
  return {
    ...webviewBase,
    entryPoints: { [page.name]: page.css },
    metafile: false,
  };
}

/** Whether a page's script build already wrote `<name>.css` (its TypeScript imports CSS). */
function emitsCss(result, page) {
  const outputs = Object.keys(result?.metafile?.outputs ?? {});
  return outputs.some((file) => file.endsWith(`dist/webview/${page.name}.css`));
}

copyWasm();

if (watch) {
  const results = [];
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    results.push(await ctx.rebuild());
    await ctx.watch();
  }
  const pageResults = results.slice(results.length - pages.length);
  for (const [i, page] of pages.entries()) {
    if (existsSync(page.css) && !emitsCss(pageResults[i], page)) {
      await (await esbuild.context(cssBuild(page))).watch();
    }
  }
  console.log('esbuild: watching for changes');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  const pageResults = results.slice(results.length - pages.length);
  await Promise.all(
    pages
      .filter((page, i) => existsSync(page.css) && !emitsCss(pageResults[i], page))
      .map((page) => esbuild.build(cssBuild(page))),
  );
}
