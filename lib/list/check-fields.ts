/**
 * Type checks of single fields for the border check (check-list.ts, check-model.ts): each reports a
 * value of the wrong type with the message of lib/list/problems.ts and gives back the value to
 * plan with: the value itself, or `undefined` (the planner then takes the default) or the given
 * stand-in when it is wrong.
 */
import { TObject } from '@sinclair/typebox';
import { isObject, Json, Problems } from './problems';
import { boundsOf } from './schema-kit';

export function text(problems: Problems, where: string, field: string, value: unknown, wrong?: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.string(where, field, value, '');
  return wrong;
}

/** A whole-number field, within the bounds its schema gives. */
export function wholeNumber(problems: Problems, where: string, schema: TObject, field: string, value: unknown, wrong?: number): number | undefined {
  if (value === undefined) return undefined;
  const checked = problems.wholeNumber(where, field, value, Number.NaN, ...boundsOf(schema, field));
  return Number.isNaN(checked) ? wrong : checked;
}

export function flag(problems: Problems, where: string, field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return problems.boolean(where, field, value, false) === value ? (value as boolean) : undefined;
}

/** A map field: the map, {} when it is not one (reported; its fields are then checked as absent). */
export function map(problems: Problems, where: string, field: string, value: unknown, what: string): Json {
  return problems.map(where, field, value, what);
}

/** A map section of the list that is checked only when given: undefined when absent. */
export function section(problems: Problems, where: string, field: string, value: unknown, what: string, known: readonly string[]): Json | undefined {
  if (value === undefined) return undefined;
  const spec = problems.map(where, field, value, what);
  problems.unknownFields(where, spec, known);
  return spec;
}

/** One of the values a union of literals allows, or undefined (reported with `message`). */
export function oneOf<T extends string>(problems: Problems, where: string, value: unknown, allowed: readonly T[], message: () => string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  problems.add(where, message());
  return undefined;
}

/** A map given its own property, also for "__proto__" (a plain assignment would set the prototype instead). */
export function own<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export { isObject };
