/** The JSON schema file as written to disk: the spec definition, draft-07, stable formatting. */
import { SpecSchema } from './specSchema';

export const SCHEMA_FILE = 'schemas/rnnlab.schema.json';

export function renderSchema(): string {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...SpecSchema };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
