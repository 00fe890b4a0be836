/** Collects the problems of a model list; each names where (the model or setting) and the field. */
import { closestName } from './closest';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Characters that could break or disguise a report line: control characters (line breaks, NUL,
 * escape sequences), format characters (zero-width, bidirectional overrides), line and paragraph
 * separators, surrogates.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` with every unprintable character written as \uXXXX, so one problem stays one line. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * A value as a message shows it: JSON, escaped as above; numbers JSON cannot write (a YAML
 * `1e400` or `.inf` reads as Infinity) by name instead of JSON's "null".
 */
export function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : `${value < 0 ? '-' : ''}infinity (the number is too large)`;
  }
  const json = JSON.stringify(value);
  return escapeUnprintable(json === undefined ? String(value) : json);
}

export class Problems {
  readonly list: string[] = [];

  add(where: string, message: string): void {
    this.list.push(escapeUnprintable(`${where}: ${message}`));
  }

  unknownFields(where: string, value: Json, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const closest = closestName(key, known);
      const hint = closest ? `did you mean "${closest}"? ` : '';
      this.add(where, `unknown field "${key}" (${hint}known: ${known.join(', ')})`);
    }
  }

  /** A map field: the value, {} when absent, or {} with a problem when not a map. */
  map(where: string, field: string, value: unknown, what: string): Json {
    if (value === undefined) return {};
    if (!isObject(value)) {
      this.add(where, `${field} must be a map (${what})`);
      return {};
    }
    return value;
  }

  required(where: string, field: string, value: unknown): string {
    if (value === undefined) {
      this.add(where, `${field} is required`);
      return '';
    }
    return this.string(where, field, value, '');
  }

  string(where: string, field: string, value: unknown, fallback: string): string {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(where, `${field} must be a non-empty string (got ${show(value)})`);
      return fallback;
    }
    return value;
  }

  wholeNumber(where: string, field: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
      this.add(where, `${field} must be a whole number ${range} (got ${show(value)})`);
      return fallback;
    }
    return value;
  }

  boolean(where: string, field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.add(where, `${field} must be true or false (got ${show(value)})`);
      return fallback;
    }
    return value;
  }

  /** A list of non-empty strings, each matching `pattern` (described by `what`). */
  strings(where: string, field: string, value: unknown, pattern: RegExp, what: string, maxItems: number): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.add(where, `${field} must be a list`);
      return [];
    }
    if (value.length > maxItems) this.add(where, `${field} has ${value.length} entries; at most ${maxItems} are allowed`);
    const result: string[] = [];
    for (const item of value) {
      if (typeof item !== 'string' || !pattern.test(item)) this.add(where, `${field} entry ${show(item)} must be ${what}`);
      else if (result.includes(item)) this.add(where, `${field} lists "${item}" twice`);
      else result.push(item);
    }
    return result;
  }
}
