/** The model list's schema as the JSON document editors and ajv read (models.schema.json, `npm run schema`). */
import { ModelListSchema } from './list-spec';

/** The JSON Schema draft TypeBox's output follows. */
export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** models.schema.json's text: the schema (TypeBox's symbol keys dropped), 2-space indented, newline at the end. */
export function modelListSchemaJson(): string {
  return `${JSON.stringify({ $schema: JSON_SCHEMA_DRAFT, ...ModelListSchema }, null, 2)}\n`;
}
