/**
 * Writes `schemas/rnnlab.schema.json` and `schemas/rnnlab.editor.schema.json` from the one spec definition. `npm run schema` after a
 * change to src/spec/specSchema.ts; a unit test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  EDITOR_SCHEMA_FILE,
  renderEditorSchema,
  renderSchema,
  SCHEMA_FILE,
} from '../src/spec/schemaFile';

for (const [file, text] of [
  [SCHEMA_FILE, renderSchema()],
  [EDITOR_SCHEMA_FILE, renderEditorSchema()],
] as const) {
  writeFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), text);
  console.log(`wrote ${file}`);
}
