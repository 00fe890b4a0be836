/**
 * Writes models.schema.json from the model list's one schema (lib/list/model-spec.ts,
 * lib/list/list-spec.ts). Editors with the YAML language server read it through the
 * `# yaml-language-server: $schema=...` line at the top of models.yaml and the examples.
 * Usage: npm run schema
 */
import * as fs from 'fs';
import * as path from 'path';
import { modelListSchemaJson } from '../lib/list/json-schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'models.schema.json');

fs.writeFileSync(SCHEMA_FILE, modelListSchemaJson());
console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
