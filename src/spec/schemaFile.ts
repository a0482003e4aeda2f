/** The JSON schema file as written to disk: the spec definition, draft-07, stable formatting. */
import { SpecSchema } from './specSchema';

export const SCHEMA_FILE = 'schemas/rnnlab.schema.json';

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
