// One script builds every bundle: the CLI, the extension, and the webview pages (dist/webview/:
// lab.js, sidebar.js, their CSS, and TensorFlow.js' .wasm files). `--production` minifies,
// `--watch` rebuilds on change.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
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
 * CSP). The CSS a page imports from TypeScript comes out beside its script (`lab.css`,
 * `sidebar.css`), which the host links; fonts and images it references are copied next to it.
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
  logLevel: 'warning',
};

const pages = { lab: 'webview/lab/main.ts', sidebar: 'webview/sidebar/main.ts' };
for (const [name, entry] of Object.entries(pages)) {
  builds.push({ ...webviewBase, entryPoints: { [name]: entry } });
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

copyWasm();

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.rebuild();
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
