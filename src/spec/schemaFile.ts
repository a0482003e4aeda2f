/**
 * The JSON schema files as written to disk, from the spec definition (draft-07, stable
 * formatting): `rnnlab.schema.json`, the whole schema for any JSON-schema client, and
 * `rnnlab.editor.schema.json`, what VS Code gets (`jsonValidation`): the same fields, docs,
 * defaults and values to complete, without the keywords that make VS Code report a problem of its
 * own. The extension's validator reports every problem once, in its own words (`rnnlab`), and the
 * Problems panel would otherwise list each one twice.
 */
import { SpecSchema } from './specSchema';

export const SCHEMA_FILE = 'schemas/rnnlab.schema.json';
export const EDITOR_SCHEMA_FILE = 'schemas/rnnlab.editor.schema.json';

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
    else out[key] = withReadableMath(value);
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

export function renderEditorSchema(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    allowTrailingCommas: true,
    ...(editorSchemaNode(withReadableMath(SpecSchema)) as SchemaNode),
    $id: 'https://rnnlab.dev/schemas/rnnlab.editor.schema.json',
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
