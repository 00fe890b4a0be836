/**
 * Validates synthesized objects against the CRD schemas that `npm run import` extracted into
 * imports/schemas/. Stricter than the schema as written, like `kubectl apply` with server-side
 * field validation: an unknown field is an error wherever the schema lists the known ones.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { routingExtensionErrors } from './routing-extension-schema';

const SCHEMA_DIR = path.join(__dirname, '..', '..', 'imports', 'schemas');

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies an OpenAPI v3 schema, closing every object that lists its properties. */
export function closeObjects(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeObjects(v as Schema)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isSchema(value)) {
      out[key] = closeObjects(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => closeObjects(v as Schema));
    } else {
      out[key] = value;
    }
  }
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties !== undefined;
  if (schema.type === 'object' && isSchema(schema.properties) && !open) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

/** The schema file for an object's apiVersion and kind, e.g. `ray.io_v1_RayService.json`. */
function schemaFile(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.split('/');
  return path.join(SCHEMA_DIR, `${group}_${version}_${kind}.json`);
}

/** Objects Google publishes no CRD file for, checked against schemas written from its docs. */
const DOCUMENTED_SCHEMAS: Record<string, (object: unknown) => string[]> = {
  'networking.gke.io/v1/GCPRoutingExtension': routingExtensionErrors,
};

export function hasCrdSchema(apiVersion: string, kind: string): boolean {
  if (DOCUMENTED_SCHEMAS[`${apiVersion}/${kind}`]) return true;
  return apiVersion.includes('/') && fs.existsSync(schemaFile(apiVersion, kind));
}

/** Schema errors of one object (empty when valid). */
export function crdSchemaErrors(object: { apiVersion: string; kind: string }): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const documented = DOCUMENTED_SCHEMAS[key];
  if (documented) return documented(object);
  let validate = validators.get(key);
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(schemaFile(object.apiVersion, object.kind), 'utf8')) as Schema;
    validate = ajv.compile(closeObjects(schema));
    validators.set(key, validate);
  }
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}
