/**
 * Writes `schemas/rnnlab.schema.json` from the one spec definition. `npm run schema` after a
 * change to src/spec/specSchema.ts; a unit test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchema, SCHEMA_FILE } from '../src/spec/schemaFile';

const target = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, renderSchema());
console.log(`wrote ${SCHEMA_FILE}`);
