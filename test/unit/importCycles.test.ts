/** No file of src/ or webview/ reaches itself through its imports (type imports included). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph, typescriptFiles } from '../shared/importGraph';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('import cycles', () => {
  it('src/ and webview/ have none', () => {
    const files = typescriptFiles(root, ['src', 'webview']);
    assert.ok(files.length > 100, `only ${files.length} files found`);
    const graph = importGraph(files);
    const edges = [...graph.values()].reduce((n, targets) => n + targets.length, 0);
    assert.ok(edges > files.length, `only ${edges} imports found: the walk does not resolve them`);
    assert.deepEqual(importCycles(graph, root), []);
  });

  it('finds a cycle of type imports, re-exports and index files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnlab-cycles-'));
    const files: Record<string, string> = {
      'a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'b.ts': "export { c } from './sub';\nexport interface B { n: number }\n",
      'sub/index.ts': "import { a } from '../d';\nexport const c = a;\n",
      'd.ts': "import type { A } from './a';\nexport const a: A = {};\n",
      'free.ts': "import { a } from './d';\nexport const e = a;\n",
    };
    mkdirSync(join(dir, 'sub'));
    const paths = Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    });
    const cycles = importCycles(importGraph(paths), dir);
    assert.equal(cycles.length, 1);
    assert.match(cycles[0] ?? '', /^(\S+) → .* → \1$/);
    for (const name of ['a.ts', 'b.ts', 'sub/index.ts', 'd.ts']) {
      assert.ok(cycles[0]?.includes(name), `${name} is on the cycle: ${cycles[0]}`);
    }
    assert.ok(!cycles[0]?.includes('free.ts'));
  });
});
