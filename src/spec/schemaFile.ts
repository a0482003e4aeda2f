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
    ...(editorSchemaNode(SpecSchema) as SchemaNode),
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
    ...SpecSchema,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
