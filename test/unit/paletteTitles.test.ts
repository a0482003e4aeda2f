// A person runs a command by typing its title in the command palette and pressing Enter, which
// runs the first row. VS Code lists every command whose label the typed text matches (its word
// filter, below) and sorts them by recent use, then by label: "RNN Lab: Train" also matched
// "RNN Lab: Focus on Training View" (the view's generated command) and "RNN Lab: Stop Training",
// which sort before it, so Enter focused a view or stopped a run. This test types every palette
// title of ours against every other one, in both languages, and asks that nothing else matches.
// The e2e (test/e2e/harness.mjs `runCommand`) checks the same in the real palette.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as unknown;

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; name: string }[]>;
  };
}
const manifest = readJson('package.json') as Manifest;
const nls = {
  en: readJson('package.nls.json') as Record<string, string>,
  ko: readJson('package.nls.ko.json') as Record<string, string>,
};

const resolve = (value: string, lang: keyof typeof nls) =>
  value.replace(/^%(.+)%$/, (_, key: string) => nls[lang][key] ?? value);

// VS Code's src/vs/base/common/filters.ts, as the command palette uses it (1.99):
// or(matchesPrefix, matchesWords, matchesContiguousSubString), all ignoring case.
const SEPARATORS = new Set([...' \t-_./\\:;,\'"`()[]{}<>|*+=!?@#$%^&~']);
const isSeparator = (c: string) => SEPARATORS.has(c);
const charactersMatch = (a: string, b: string) => a === b || (isSeparator(a) && isSeparator(b));

function nextWord(target: string, start: number): number {
  for (let i = start; i < target.length; i++) {
    if (isSeparator(target.charAt(i)) || (i > 0 && isSeparator(target.charAt(i - 1)))) return i;
  }
  return target.length;
}

/** `matchesWords(word, target)`: each typed character continues a word or starts a later one. */
function matchesWords(word: string, target: string): boolean {
  const memo = new Map<number, boolean>();
  const from = (i: number, j: number): boolean => {
    if (i === word.length) return true;
    if (j === target.length) return false;
    const key = i * (target.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result = false;
    if (charactersMatch(word.charAt(i), target.charAt(j))) {
      result = from(i + 1, j + 1);
      for (let next = nextWord(target, j + 1); !result && next < target.length;) {
        result = from(i + 1, next);
        next = nextWord(target, next + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  for (let j = 0; j < target.length; j = nextWord(target, j + 1)) if (from(0, j)) return true;
  return false;
}

function paletteMatches(typed: string, label: string): boolean {
  const word = typed.toLowerCase();
  const target = label.toLowerCase();
  return target.startsWith(word) || target.includes(word) || matchesWords(word, target);
}

/** Every palette label of ours: the commands, and the "Focus on … View" VS Code makes per view. */
function paletteLabels(lang: keyof typeof nls) {
  const category = nls[lang]['category'] ?? '';
  const commands = manifest.contributes.commands.map((c) => ({
    id: c.command,
    label: `${resolve(c.category ?? '', lang)}: ${resolve(c.title, lang)}`,
  }));
  const views = Object.values(manifest.contributes.views)
    .flat()
    .map((v) => ({
      id: `${v.id}.focus`,
      label: `${category}: Focus on ${resolve(v.name, lang)} View`,
    }));
  return { commands, all: [...commands, ...views] };
}

describe('palette titles', () => {
  it('ports VS Code word matching faithfully enough to see the old collision', () => {
    assert.ok(paletteMatches('RNN Lab: Train', 'RNN Lab: Focus on Training View'));
    assert.ok(paletteMatches('RNN Lab: Train', 'RNN Lab: Stop Training'));
    assert.ok(paletteMatches('git pull', 'Git: Pull'));
    assert.ok(!paletteMatches('RNN Lab: Train', 'RNN Lab: Open Lab'));
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`no command's full title (${lang}) also matches another command or view`, () => {
      const { commands, all } = paletteLabels(lang);
      const collisions = commands.flatMap(({ id, label }) =>
        all
          .filter((other) => other.id !== id && paletteMatches(label, other.label))
          .map((other) => `typing "${label}" also lists "${other.label}"`),
      );
      assert.deepEqual(collisions, []);
    });
  }
});
