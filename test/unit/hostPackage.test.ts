import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The entries of a zip file (a .vsix), from its central directory. */
function readZip(file: string): Map<string, () => Buffer> {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('the .vsix package', () => {
  let entries: Map<string, () => Buffer>;
  let seconds = 0;

  before(() => {
    // `npm test` builds dist/ first; build here only when this file runs alone.
    if (!existsSync(join(root, 'dist', 'extension.js'))) {
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    }
    const out = join(mkdtempSync(join(tmpdir(), 'rnnlab-vsix-')), 'rnn-lab.vsix');
    const started = Date.now();
    // The same vsce call as `npm run package` (scripts/package.mjs), on the dist/ already built:
    // rebuilding it here would rewrite dist/cli.js while other test files run it.
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--out',
        out,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    seconds = (Date.now() - started) / 1000;
    assert.equal(result.status, 0, `vsce package failed:\n${result.stdout}\n${result.stderr}`);
    entries = readZip(out);
  });

  it('packs quickly', () => {
    assert.ok(seconds < 60, `vsce took ${seconds} s`);
  });

  it('holds what runs: the bundle, schema, media, manifest and its translations', () => {
    const names = [...entries.keys()];
    for (const required of [
      'extension/package.json',
      'extension/package.nls.json',
      'extension/package.nls.ko.json',
      'extension/dist/extension.js',
      'extension/schemas/rnnlab.schema.json',
      'extension/schemas/rnnlab.editor.schema.json',
      'extension/schemas/rnnlab.editor.schema.ko.json',
      'extension/media/rnnlab.svg',
      'extension/media/walkthrough/01-rnn.md',
      'extension/media/walkthrough/07-attention.ko.md',
      'extension/examples/delayed-recall.rnnlab.json',
    ]) {
      assert.ok(names.includes(required), `${required} in ${names.join(', ')}`);
    }
  });

  it('holds no sources, tests, node_modules, source maps or the CLI', () => {
    for (const name of entries.keys()) {
      assert.doesNotMatch(
        name,
        /^extension\/(src|test|node_modules|scripts|bench|webview|\.ci|\.rnnlab)\//,
        name,
      );
      assert.doesNotMatch(name, /\.(ts|map|vsix)$/, name);
      assert.notEqual(name, 'extension/dist/cli.js');
    }
  });

  it('ships a bundle that loads with nothing but `vscode` (no node_modules)', () => {
    const bundle = entries.get('extension/dist/extension.js')?.();
    assert.ok(bundle);
    // Outside the repository, so require() finds no node_modules to fall back on.
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-bundle-'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'extension.js'), bundle);
    const probe = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'vscode') return {};
        return load.call(this, request, ...rest);
      };
      const ext = require(${JSON.stringify(join(dir, 'dist', 'extension.js'))});
      process.stdout.write(JSON.stringify([typeof ext.activate, typeof ext.deactivate]));`;
    const result = spawnSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '["function","function"]');
  });
});
