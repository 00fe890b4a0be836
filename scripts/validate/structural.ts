/**
 * The structural part of an API server's check: the CRD's openAPIV3Schema, read as strictly as
 * `kubectl apply --validate=strict` (server-side field validation): a field the schema does not
 * declare is an error wherever the schema lists an object's properties.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { Schema } from './cel';

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

/** `/spec/rules/0/matches` -> `spec.rules[0].matches` (the field paths the API server prints). */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** One schema error as `<field path>: <message>`. */
function describe(error: ErrorObject): string {
  const at = fieldPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return `${at || '<root>'}: unknown field "${at ? `${at}.${field}` : field}"`;
  }
  const allowed = error.keyword === 'enum' ? ` ${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)}` : '';
  return `${at || '<root>'}: ${error.message}${allowed}`;
}

// CRD patterns are Go (RE2) expressions: without the `u` flag, escapes such as `\-` and `\/` (in
// GCPRoutingExtension's CEL-matcher pattern) compile as they do in Go instead of being rejected.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });

/** Every object has these at its root, whether or not its CRD's schema lists them (some GKE CRDs do not). */
const ROOT_FIELDS: Schema = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
};

/** A validator for one CRD version's schema: returns its errors (empty when valid). */
export function structuralValidator(schema: Schema): (object: unknown) => string[] {
  const root = { ...schema, properties: { ...ROOT_FIELDS, ...(schema.properties ?? {}) } };
  const validate: ValidateFunction = ajv.compile(closeObjects(root));
  return (object) => (validate(object) ? [] : (validate.errors ?? []).map(describe));
}
