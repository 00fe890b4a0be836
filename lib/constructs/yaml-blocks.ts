/**
 * The block-style YAML walk that both fast YAML writers share (the Serve config's,
 * `serve-config-yaml.ts`, and the manifests', `lib/synth/fast-yaml.ts`): maps and sequences in
 * block style, two-space indent, sequences indented under their key, the first entry of a nested
 * block on the line of its `-`. What a scalar, a key or an empty collection looks like is the
 * caller's (`YamlScalars`); anything the walk or the caller does not handle throws UNSUPPORTED, and
 * the caller writes that document with the `yaml` package instead.
 */

import { CreateNodeOptions, Document, DocumentOptions, isScalar, Scalar, SchemaOptions, ToStringOptions, visit } from 'yaml';

/**
 * Strings that some YAML reader would not read back as the same string, beyond the `yaml`
 * package's own 1.1 and 1.2 tags: what Go's yaml (gopkg.in/yaml.v2/v3 `resolve.go`, used by
 * kubectl and KubeRay through sigs.k8s.io/yaml) resolves as a number — `strconv.ParseInt(s, 0, 64)`
 * takes 0x/0X, 0o/0O, 0b/0B, a leading 0 and `_` between digits — floats, .inf/.nan; YAML 1.1
 * sexagesimal numbers, booleans (y, n, yes, on, off, ...), null (~), timestamps, `=`.
 * Deliberately wider than any one reader: quoting a string never changes what it reads as.
 */
const AMBIGUOUS = [
  /^[-+]?(0[xX][0-9a-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*)$/,
  /^[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9_]*)?$/,
  /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/,
  /^[-+]?[0-9][0-9_]*(:[0-9_]+)+(\.[0-9_]*)?$/,
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \t]|$)/,
];

/** Whether a string must be quoted for every YAML 1.1 and 1.2 reader to read it back as that string. */
export function ambiguousScalar(value: string): boolean {
  return AMBIGUOUS.some((pattern) => pattern.test(value));
}

/** Whether a document holds a string (key or value) that ambiguousScalar says must be quoted. */
export function holdsAmbiguous(value: unknown): boolean {
  if (typeof value === 'string') return ambiguousScalar(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => (!Array.isArray(value) && ambiguousScalar(key)) || holdsAmbiguous(item));
}

/** The `yaml` package's text of a document (as `stringify(doc, options)`), with every ambiguous string double-quoted. */
export function quotedYaml(doc: unknown, options: DocumentOptions & SchemaOptions & CreateNodeOptions & ToStringOptions): string {
  const document = new Document(doc, options);
  visit(document, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string' && ambiguousScalar(node.value) && isScalar(node)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document.toString(options);
}

/** Thrown inside a document a fast writer does not handle; caught per document. */
export const UNSUPPORTED = Symbol('unsupported');

export function unsupported(): never {
  throw UNSUPPORTED;
}

/** How a writer spells what is not a non-empty map or sequence. */
export interface YamlScalars {
  /** A map key's text. */
  key(key: string): string;
  /** A value that is not a map or sequence, after `key:` or `-`; `indent` is where a nested literal block's lines go. */
  scalar(value: unknown, indent: string): string;
  /** An empty map (`{}`) or sequence (`[]`), or UNSUPPORTED. */
  empty(isSequence: boolean): string;
}

/** A scalar that is not a string, as both writers (and the `yaml` package) spell it: safe integers, booleans, null. */
export function nonStringScalar(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : unsupported();
    case 'boolean':
      return String(value);
    default:
      return value === null ? 'null' : unsupported();
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A map or sequence at `indent`; `lead` is the text before it (`key:` or `-`, or none at the top). */
function block(value: object, indent: string, seen: Set<object>, out: string[], lead: string | undefined, scalars: YamlScalars): void {
  if (seen.has(value)) unsupported(); // yaml would write an anchor and an alias
  seen.add(value);
  const isSequence = Array.isArray(value);
  const entries: (readonly [string | undefined, unknown])[] = isSequence
    ? value.map((item) => [undefined, item] as const)
    : isPlainObject(value) ? Object.entries(value) : unsupported();
  if (entries.length === 0) {
    out.push(`${lead === undefined ? '' : `${lead} `}${scalars.empty(isSequence)}`);
    return;
  }
  const childIndent = `${indent}  `;
  // Under `key:` a block starts on the next line; under `-` its first entry follows on the same line.
  const inSequence = lead !== undefined && lead.endsWith('-');
  if (lead !== undefined && !inSequence) out.push(lead);
  let first = inSequence;
  for (const [key, item] of entries) {
    const prefix = first ? `${lead} ` : indent;
    first = false;
    const itemLead = key === undefined ? `${prefix}-` : `${prefix}${scalars.key(key)}:`;
    if (typeof item === 'object' && item !== null) block(item, childIndent, seen, out, itemLead, scalars);
    else out.push(`${itemLead} ${scalars.scalar(item, childIndent)}`);
  }
}

/** The document's text (ending in a newline); throws UNSUPPORTED for what the walk or `scalars` does not handle. */
export function blockYaml(document: object, scalars: YamlScalars): string {
  const out: string[] = [];
  block(document, '', new Set(), out, undefined, scalars);
  return `${out.join('\n')}\n`;
}
