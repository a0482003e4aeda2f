/**
 * The JSON schema files as written to disk, from the spec definition (draft-07, stable
 * formatting): `rnnlab.schema.json`, the whole schema for any JSON-schema client, and
 * `rnnlab.editor.schema.json`, what VS Code gets (`jsonValidation`): the same fields, docs,
 * defaults and values to complete, without the keywords that make VS Code report a problem of its
 * own. The extension's validator reports every problem once, in its own words (`rnnlab`), and the
 * Problems panel would otherwise list each one twice.
 */
import { koreanDoc } from './specDocs.ko';
import { SpecSchema } from './specSchema';

export const SCHEMA_FILE = 'schemas/rnnlab.schema.json';
export const EDITOR_SCHEMA_FILE = 'schemas/rnnlab.editor.schema.json';

/** The languages the editor's schema speaks (the hovers and completion details of VS Code). */
export type DocLanguage = 'en' | 'ko';
/** The editor schema per language; the extension serves the one of the explanation language. */
export const EDITOR_SCHEMA_FILES: Readonly<Record<DocLanguage, string>> = {
  en: EDITOR_SCHEMA_FILE,
  ko: 'schemas/rnnlab.editor.schema.ko.json',
};

/** Keywords that only constrain a value (completion and hovers do not read them). */
const CONSTRAINTS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'patternErrorMessage',
  'minItems',
  'maxItems',
  'uniqueItems',
  'required',
  'additionalItems',
  'additionalProperties',
  'type',
]);

type SchemaNode = Record<string, unknown>;

const LATEX_WORDS: Record<string, string> = {
  sigma: 'σ',
  tanh: 'tanh',
  log: 'log',
  sim: '~',
  cdot: '·',
  odot: '⊙',
  times: '×',
  alpha: 'α',
  beta: 'β',
  lambda: 'λ',
};

/**
 * The docs' inline math (`$b_j = \log u_j$`) as VS Code's Markdown shows it: a code span of
 * plain symbols (`b_j = log u_j`); its hovers and completion details do not render LaTeX.
 */
export function readableMath(text: string): string {
  return text.replace(/\$([^$\n]+)\$/g, (_, math: string) => {
    const plain = math.replace(
      /\\([A-Za-z]+)/g,
      (_whole, word: string) => LATEX_WORDS[word] ?? word,
    );
    return `\`${plain}\``;
  });
}

/**
 * `properties` maps field names to schemas: a field may be called `examples` or `default` (as
 * `task.examples` is), so its schema is walked, never taken for a value.
 */
function eachProperty(value: unknown, walk: (node: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as SchemaNode).map(([k, v]) => [k, walk(v)]));
}

/** Every doc string of a schema with readable math (both files get it). */
function withReadableMath(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withReadableMath);
  if (node === null || typeof node !== 'object') return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) {
    if ((key === 'description' || key === 'markdownDescription') && typeof value === 'string') {
      out[key] = readableMath(value);
    } else if (key === 'enumDescriptions' && Array.isArray(value)) {
      out[key] = value.map((v) => (typeof v === 'string' ? readableMath(v) : v));
    } else if (key === 'default' || key === 'examples' || key === 'enum') out[key] = value;
    else if (key === 'properties') out[key] = eachProperty(value, withReadableMath);
    else out[key] = withReadableMath(value);
  }
  return out;
}

/** The docs keys a schema node may carry, all translated together. */
const DOC_KEYS = ['title', 'description', 'markdownDescription'] as const;

/**
 * The schema with every doc in Korean (`specDocs.ko.ts`). A doc without its Korean is an error
 * naming it, so `npm run schema` and the tests fail until the translation follows the English.
 */
export function koreanDocs(node: unknown, missing: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => koreanDocs(n, missing));
  if (node === null || typeof node !== 'object') return node;
  const source = node as SchemaNode;
  const out: SchemaNode = {};
  const english = source['markdownDescription'] ?? source['description'];
  for (const [key, value] of Object.entries(source)) {
    if (key === 'default' || key === 'examples' || key === 'enum') out[key] = value;
    else if (key === 'properties') out[key] = eachProperty(value, (v) => koreanDocs(v, missing));
    else if (key === 'enumDescriptions')
      continue; // Completion shows `markdownDescription`.
    else if ((DOC_KEYS as readonly string[]).includes(key) && typeof value === 'string') {
      const text = key === 'title' ? value : (english as string);
      const korean = koreanDoc(text);
      if (korean === undefined) missing.push(text);
      out[key] = korean ?? text;
    } else out[key] = koreanDocs(value, missing);
  }
  return out;
}

/**
 * A schema node for the editor: constraints gone, `enum` turned into `examples` (still offered
 * by completion, no longer checked), the subschemas likewise.
 */
export function editorSchemaNode(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(editorSchemaNode);
  if (node === null || typeof node !== 'object') return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) {
    if (CONSTRAINTS.has(key) || key === 'enumDescriptions') continue;
    if (key === 'enum') out['examples'] = value;
    else if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(value as SchemaNode).map(([k, v]) => [k, editorSchemaNode(v)]),
      );
    } else if (key === 'items' || key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      out[key] = editorSchemaNode(value);
    } else out[key] = value;
  }
  // Objects keep their type: completion offers `{}` for them and their fields inside.
  const source = node as SchemaNode;
  if (source['type'] === 'object' || source['properties'] !== undefined) out['type'] = 'object';
  return out;
}

export function renderEditorSchema(lang: DocLanguage = 'en'): string {
  const missing: string[] = [];
  const docs = lang === 'ko' ? koreanDocs(SpecSchema, missing) : SpecSchema;
  if (missing.length > 0) {
    throw new Error(
      `src/spec/specDocs.ko.ts has no Korean for ${missing.length} doc(s) of the spec:\n` +
        missing.map((m) => `  ${JSON.stringify(m)}`).join('\n'),
    );
  }
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    allowTrailingCommas: true,
    ...(editorSchemaNode(withReadableMath(docs)) as SchemaNode),
    $id: `https://rnnlab.dev/${EDITOR_SCHEMA_FILES[lang]}`,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function renderSchema(): string {
  // `allowTrailingCommas` is VS Code's own keyword: specs are JSONC, and the validator accepts
  // trailing commas, so the editor must not warn about them. Only the file carries it; Ajv
  // validates against SpecSchema, which stays strict JSON Schema.
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    allowTrailingCommas: true,
    ...(withReadableMath(SpecSchema) as SchemaNode),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
