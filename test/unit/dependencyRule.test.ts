import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The lint rule that keeps the core free of vscode, Node and the DOM must actually fire.
const eslint = new ESLint({ cwd: fileURLToPath(new URL('../..', import.meta.url)) });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('dependency direction', () => {
  for (const folder of ['spec', 'tasks', 'engine', 'explain', 'protocol']) {
    it(`src/${folder} may not import vscode, node:* or the host`, async () => {
      const file = `src/${folder}/probe.ts`;
      assert.deepEqual(
        await ruleIds("import * as vscode from 'vscode';\nexport const v = vscode;\n", file),
        ['no-restricted-imports'],
      );
      assert.deepEqual(
        await ruleIds("import { readFile } from 'node:fs';\nexport const r = readFile;\n", file),
        ['no-restricted-imports'],
      );
      assert.deepEqual(
        await ruleIds("import { x } from '../host/x';\nexport const y = x;\n", file),
        ['no-restricted-imports'],
      );
      assert.deepEqual(await ruleIds('export const d = document.title;\n', file), [
        'no-restricted-globals',
      ]);
    });
  }

  it('src/host may import vscode', async () => {
    assert.deepEqual(
      await ruleIds(
        "import * as vscode from 'vscode';\nexport const v = vscode;\n",
        'src/host/probe.ts',
      ),
      [],
    );
  });
});
