// One script builds every bundle. Today: the CLI. The extension and webview bundles join it
// with their issues. `--production` minifies, `--watch` rebuilds on change.
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

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
