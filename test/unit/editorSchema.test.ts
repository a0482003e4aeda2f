import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { fixesAt, problemsToRanges } from '../../src/host/problemRanges';
import { TRANSLATED_DOCS } from '../../src/spec/specDocs.ko';
import {
  EDITOR_SCHEMA_FILE,
  EDITOR_SCHEMA_FILES,
  renderEditorSchema,
} from '../../src/spec/schemaFile';
import { SpecSchema } from '../../src/spec/specSchema';
import { checkSpecAndData } from '../../src/tasks/checkSpecAndData';

/** Specs with one problem each, of the kinds VS Code's own schema checks would also report. */
const BAD = [
  '{ "name": "a", "task": { "kind": "reverse" }, "model": { "cell": "lstn" } }',
  '{ "name": "a", "task": { "kind": "reverse" }, "model": { "hidden": 0 } }',
  '{ "name": "a", "task": { "kind": "reverse" }, "model": { "hiden": 8 } }',
  '{ "name": "a b", "task": { "kind": "reverse" } }',
  '{ "name": "a", "task": { "kind": "reverse", "length": [3, "x"] } }',
  '{ "task": { "kind": "reverse" } }',
];

describe('the schema VS Code gets (one entry per problem in the Problems panel)', () => {
  it(`${EDITOR_SCHEMA_FILE} is generated from the one definition (npm run schema)`, () => {
    const onDisk = readFileSync(new URL(`../../${EDITOR_SCHEMA_FILE}`, import.meta.url), 'utf8');
    assert.equal(onDisk, renderEditorSchema());
  });

  it('reports none of the problems the validator reports, and keeps docs and values', async () => {
    const schema = JSON.parse(renderEditorSchema()) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    for (const text of BAD) {
      const check = await checkSpecAndData(text, undefined);
      assert.ok(check.problems.length > 0, `the validator reports ${text}`);
      assert.equal(validate(JSON.parse(text)), true, `the editor schema is silent on ${text}`);
    }
    const cell = (
      schema as { properties: { model: { properties: { cell: Record<string, unknown> } } } }
    ).properties.model.properties.cell;
    assert.deepEqual(cell['examples'], ['rnn', 'lstm', 'gru'], 'completion still offers the cells');
    assert.ok(String(cell['markdownDescription']).includes('`lstm`'));
    assert.ok(!/\$[^$\n]+\$/.test(renderEditorSchema()), 'no raw LaTeX in the docs');
  });
});

type Node = Record<string, unknown>;
/** Every value of `key` in a schema, depth first. */
function valuesOf(node: unknown, keys: readonly string[]): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOf(n, keys));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Node).flatMap(([k, v]) =>
    keys.includes(k) && typeof v === 'string' ? [v] : valuesOf(v, keys),
  );
}
/** The schema with its docs blanked: what must not differ between the languages. */
function withoutDocs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDocs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Node).map(([k, v]) =>
      ['title', 'description', 'markdownDescription', '$id'].includes(k)
        ? [k, '']
        : [k, withoutDocs(v)],
    ),
  );
}

describe('the examples', () => {
  it('name no $schema: theirs would replace the editor schema VS Code gets from the extension', () => {
    // With `$schema` VS Code checks the file against the full schema (a second Problems entry
    // for every problem) and hovers in English whatever the language.
    const folder = new URL('../../examples/', import.meta.url);
    const specs = readdirSync(folder).filter((f) => f.endsWith('.rnnlab.json'));
    assert.ok(specs.length > 10);
    for (const file of specs) {
      const text = readFileSync(new URL(file, folder), 'utf8');
      assert.doesNotMatch(text, /"\$schema"/, `examples/${file}`);
    }
  });
});

describe('the editor schema in Korean (hovers in the explanation language)', () => {
  const ko = JSON.parse(renderEditorSchema('ko')) as Node;
  const en = JSON.parse(renderEditorSchema('en')) as Node;

  it(`${EDITOR_SCHEMA_FILES.ko} is generated from the one definition (npm run schema)`, () => {
    const onDisk = readFileSync(
      new URL(`../../${EDITOR_SCHEMA_FILES.ko}`, import.meta.url),
      'utf8',
    );
    assert.equal(onDisk, renderEditorSchema('ko'));
  });

  it('has the same fields, defaults and values as the English one, every doc in Korean', () => {
    assert.deepEqual(withoutDocs(ko), withoutDocs(en));
    const docs = valuesOf(ko, ['title', 'description', 'markdownDescription']);
    assert.ok(docs.length > 100);
    for (const doc of docs) assert.match(doc, /[\uAC00-\uD7A3]|^\[최소, 최대\]$/, doc);
    assert.ok(!/\$[^$\n]+\$/.test(renderEditorSchema('ko')), 'no raw LaTeX in the docs');
    const cell = (ko as { properties: { model: { properties: { cell: Node } } } }).properties.model
      .properties.cell;
    assert.match(String(cell['markdownDescription']), /^순환 셀/);
  });

  it('translates only docs the spec has (none left behind by a changed English text)', () => {
    const english = new Set(valuesOf(SpecSchema, ['title', 'description', 'markdownDescription']));
    for (const doc of TRANSLATED_DOCS) assert.ok(english.has(doc), `stale translation: ${doc}`);
  });

  it('is as silent on problems as the English one (the validator reports them once)', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(ko);
    for (const text of BAD) assert.equal(validate(JSON.parse(text)), true, text);
  });
});

describe('quick fixes of "did you mean" problems', () => {
  it('replace a misspelt value or field with the guess, quotes kept', async () => {
    const text =
      '{\n  "name": "a",\n  "task": { "kind": "reverse" },\n  "model": { "cell": "lstn", "hiden": 8 }\n}\n';
    const check = await checkSpecAndData(text, undefined);
    const ranges = problemsToRanges(text, check.problems);
    const value = fixesAt(ranges, 3, 22);
    assert.equal(value.length, 1);
    assert.equal(value[0]?.replacement, '"lstm"');
    const lines = text.split('\n');
    const at = (r: (typeof ranges)[number]) =>
      (lines[r.line] ?? '').slice(r.character, r.endCharacter);
    assert.equal(at(value[0] as (typeof ranges)[number]), '"lstn"');
    const key = fixesAt(ranges, 3, 32);
    assert.equal(key[0]?.replacement, '"hidden"');
    assert.equal(at(key[0] as (typeof ranges)[number]), '"hiden"');
    assert.equal(fixesAt(ranges, 1, 3).length, 0, 'nothing to fix on a good line');
  });
});
