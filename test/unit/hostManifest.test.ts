import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string | boolean; description?: string } };
  contributes: {
    commands: Command[];
    menus: Record<string, MenuItem[]>;
    jsonValidation: { fileMatch: string | string[]; url: string }[];
    languages: { id: string; filenamePatterns?: string[] }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: Record<string, { id: string; type?: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

const manifest = readJson('package.json') as Manifest;
const nls = {
  en: readJson('package.nls.json') as Record<string, string>,
  ko: readJson('package.nls.ko.json') as Record<string, string>,
};

/** A manifest string with its `%key%` resolved in a language. */
function localized(value: string, lang: keyof typeof nls = 'en'): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  return key === undefined ? value : (nls[lang][key] ?? value);
}

/** Every string value of a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const COMMANDS: Record<string, string> = {
  'rnnLab.newSpec': 'New Task Spec…',
  'rnnLab.openLab': 'Open Lab',
  'rnnLab.train': 'Train',
  'rnnLab.stop': 'Stop Run',
  'rnnLab.inspect': 'Inspect Sequence…',
  'rnnLab.compareCells': 'Compare RNN, LSTM and GRU',
  'rnnLab.bottleneck': 'Run Bottleneck Experiment',
  'rnnLab.sweep': 'Run Sweep',
  'rnnLab.exportModel': 'Export Model…',
  'rnnLab.exportPytorch': 'Export to PyTorch…',
  'rnnLab.importWeights': 'Import Weights…',
  'rnnLab.showLog': 'Show Log',
};

describe('manifest', () => {
  it('contributes the twelve commands with their exact titles, category "RNN Lab"', () => {
    for (const [id, title] of Object.entries(COMMANDS)) {
      const command = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(command, `${id} is contributed`);
      assert.equal(localized(command.title), title, id);
      assert.equal(localized(command.category ?? ''), 'RNN Lab', id);
      assert.ok(localized(command.title, 'ko') !== '', id);
    }
  });

  it('registers a handler for every contributed command', () => {
    const source = readFileSync(join(root, 'src/host/commands.ts'), 'utf8');
    for (const { command } of manifest.contributes.commands) {
      assert.ok(source.includes(`'${command}': `), `${command} has a handler in commands.ts`);
    }
  });

  it('has every %key% in both nls files, and no stray keys', () => {
    const keys = new Set(
      strings(manifest)
        .map((s) => /^%(.+)%$/.exec(s)?.[1])
        .filter((k): k is string => k !== undefined),
    );
    // The walkthrough and the view welcome are not here: they follow the explanation language,
    // not the display language (walkthroughLanguages.test.ts).
    assert.ok(keys.size > 30);
    for (const lang of ['en', 'ko'] as const) {
      for (const key of keys)
        assert.ok(nls[lang][key], `${key} in package.nls${lang === 'en' ? '' : '.ko'}.json`);
      for (const key of Object.keys(nls[lang]))
        assert.ok(keys.has(key), `${key} (${lang}) is used`);
    }
    assert.match(nls.ko['command.train'] ?? '', /[\uAC00-\uD7A3]/);
  });

  it('validates specs with the schema and edits them as JSON with comments', () => {
    const [validation] = manifest.contributes.jsonValidation;
    assert.ok(validation);
    assert.deepEqual([validation.fileMatch].flat(), ['*.rnnlab.json']);
    // Served by the extension in the explanation language (src/host/editorSchema.ts), which
    // activates when VS Code asks for it.
    assert.equal(validation.url, 'rnnlab-schema:/rnnlab.editor.schema.json');
    assert.ok(manifest.activationEvents.includes('onFileSystem:rnnlab-schema'));
    for (const [file, title] of [
      ['schemas/rnnlab.editor.schema.json', 'RNN Lab task spec'],
      ['schemas/rnnlab.editor.schema.ko.json', 'RNN Lab 태스크 스펙'],
    ] as const) {
      assert.equal((readJson(file) as { title?: string }).title, title, file);
    }
    const jsonc = manifest.contributes.languages.find((l) => l.id === 'jsonc');
    assert.deepEqual(jsonc?.filenamePatterns, ['*.rnnlab.json']);
  });

  it('keeps spec-only commands off the palette elsewhere, with icons on title menus', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const id of [
      'rnnLab.train',
      'rnnLab.inspect',
      'rnnLab.compareCells',
      'rnnLab.bottleneck',
    ]) {
      const entry = palette.find((m) => m.command === id);
      assert.ok(entry?.when?.includes('resourceFilename =~ /\\.rnnlab\\.json$/'), id);
    }
    assert.equal(palette.find((m) => m.command === 'rnnLab.stop')?.when, 'rnnLab.training');
    const ids = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(ids.has(item.command), `${menu}: ${item.command} is a command`);
        if (menu === 'editor/title' || menu === 'view/title') {
          const icon = manifest.contributes.commands.find((c) => c.command === item.command)?.icon;
          assert.match(icon ?? '', /^\$\([a-z-]+\)$/, `${item.command} has a codicon`);
        }
      }
    }
  });

  it('has the side bar, its welcome button, settings and activation', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    assert.ok(container && existsSync(join(root, container.icon)), 'activity bar icon');
    const views = manifest.contributes.views[container.id] ?? [];
    assert.equal(views.find((v) => v.id === 'rnnLab.training')?.type, 'webview');
    const welcome = manifest.contributes.viewsWelcome.map((w) => localized(w.contents)).join('\n');
    assert.ok(welcome.includes('[New Task Spec…](command:rnnLab.newSpec)'));
    assert.ok(views.some((v) => manifest.contributes.viewsWelcome.some((w) => w.view === v.id)));
    const settings = manifest.contributes.configuration.properties;
    assert.equal(settings['rnnLab.backend']?.default, 'auto');
    assert.equal(settings['rnnLab.runsFolder']?.default, '.rnnlab/runs');
    assert.equal(settings['rnnLab.hover.enabled']?.default, true);
    assert.deepEqual(settings['rnnLab.hover.codeLanguages']?.default, [
      'python',
      'typescript',
      'javascript',
    ]);
    assert.equal(settings['rnnLab.explanationLanguage']?.default, 'auto');
    for (const event of [
      'workspaceContains:**/*.rnnlab.json',
      'onLanguage:jsonc',
      'onWebviewPanel:rnnLab.lab',
    ]) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(readFileSync(join(root, 'esbuild.mjs'), 'utf8'), /src\/host\/extension\.ts/);
    assert.equal(manifest.engines.vscode, '^1.99.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~1\.99/);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(localized(manifest.capabilities.untrustedWorkspaces.description ?? '').length > 20);
    assert.equal(manifest.scripts.package, 'node scripts/package.mjs');
    assert.equal(manifest.scripts['test:vscode'], 'node scripts/testVscode.mjs');
  });
});
