/**
 * Small helpers over TypeBox (JSON Schema objects with `Static<>` types) used by the model-list
 * schema: every map refuses unknown fields, and the planner reads a map's field names and the
 * `default` keywords from the schema instead of keeping its own lists.
 */
import { ObjectOptions, TObject, TProperties, TSchema, Type } from '@sinclair/typebox';

/** A map of the list: `additionalProperties: false`, so editors and ajv flag unknown fields. */
export function Strict<T extends TProperties>(properties: T, options: ObjectOptions): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** The field names of a map schema, in schema order (the order unknown-field messages list them in). */
export function fieldsOf(schema: TObject): string[] {
  return Object.keys(schema.properties);
}

/** The `default` keyword of one field of a map schema; throws if the schema has none (a bug). */
export function defaultOf<T>(schema: TObject, field: string): T {
  const value = (schema.properties[field] as { default?: unknown } | undefined)?.default;
  if (value === undefined) throw new Error(`schema field "${field}" has no default`);
  return value as T;
}

/** A whole-number field's `minimum` and `maximum` keywords (none: no upper bound); throws without a minimum (a bug). */
export function boundsOf(schema: TObject, field: string): [number, number] {
  const { minimum, maximum } = (schema.properties[field] ?? {}) as { minimum?: number; maximum?: number };
  if (minimum === undefined) throw new Error(`schema field "${field}" has no minimum`);
  return [minimum, maximum ?? Number.MAX_SAFE_INTEGER];
}

/** The `pattern` keyword of the items of a list field, as a RegExp; throws if it has none (a bug). */
export function itemPatternOf(schema: TObject, field: string): RegExp {
  const pattern = (schema.properties[field] as { items?: { pattern?: string } } | undefined)?.items?.pattern;
  if (pattern === undefined) throw new Error(`schema field "${field}" has no item pattern`);
  return new RegExp(pattern);
}

/** The `maxItems` keyword of a list field; throws if it has none (a bug). */
export function maxItemsOf(schema: TObject, field: string): number {
  const maxItems = (schema.properties[field] as { maxItems?: number } | undefined)?.maxItems;
  if (maxItems === undefined) throw new Error(`schema field "${field}" has no maxItems`);
  return maxItems;
}

/** The values of a union of string literals (`anyOf: [{ const }, ...]`), in schema order. */
export function literalsOf(schema: TSchema): string[] {
  const options = (schema as { anyOf?: { const?: unknown }[] }).anyOf ?? [];
  return options.map((o) => o.const).filter((v): v is string => typeof v === 'string');
}
