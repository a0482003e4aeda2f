/**
 * Writes `schemas/rnnlab.schema.json` and the editor's schemas (`rnnlab.editor.schema.json`, and
 * `rnnlab.editor.schema.ko.json` with the Korean docs of `src/spec/specDocs.ko.ts`) from the one
 * spec definition. `npm run schema` after a change to src/spec; a unit test fails while a file is
 * stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  EDITOR_SCHEMA_FILES,
  renderEditorSchema,
  renderSchema,
  SCHEMA_FILE,
} from '../src/spec/schemaFile';

for (const [file, text] of [
  [SCHEMA_FILE, renderSchema()],
  [EDITOR_SCHEMA_FILES.en, renderEditorSchema('en')],
  [EDITOR_SCHEMA_FILES.ko, renderEditorSchema('ko')],
] as const) {
  writeFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), text);
  console.log(`wrote ${file}`);
}
