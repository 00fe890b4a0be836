/**
 * YAML text of manifests, byte for byte what cdk8s's `Yaml.stringify` writes (the `yaml` package,
 * YAML 1.1 schema, `lineWidth: 0`, cdk8s 2.70.106 lib/yaml.js), about ten times faster: building a
 * `yaml` Document per object and stringifying it was half of a 1000-model synth.
 *
 * It writes only the shapes it knows to be written the same way: plain objects and arrays, block
 * style, two-space indent; integers, booleans, null; strings plain when they are simple (a
 * conservative set of characters, stricter than YAML's rules) or double-quoted when a YAML 1.1
 * type (number, boolean, null, timestamp, ...) would read them otherwise, multi-line strings as
 * literal blocks (`|`, `|-`). For any other value in a document (floats, special characters,
 * leading spaces, repeated objects that `yaml` would write as aliases, ...) that whole document is
 * written by cdk8s's `Yaml.stringify`. test/fast-yaml.test.ts compares both on every fixture
 * list's objects and on values chosen to hit each rule.
 */
import { Yaml } from 'cdk8s';
import { Document } from 'yaml';
import { ambiguousScalar, blockYaml, holdsAmbiguous, nonStringScalar, quotedYaml, UNSUPPORTED, unsupported, YamlScalars } from '../constructs/yaml-blocks';

/** The schema cdk8s writes with; its non-string tags say which plain strings need quotes. */
const schema = new Document(undefined, { version: '1.1' }).schema;
const typedTests = [...schema.tags, ...(schema.compat ?? [])]
  .filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test)
  .map((tag) => tag.test!);

/** Printable ASCII without tabs. */
const PRINTABLE = /^[\x20-\x7e]*$/;
/** Simple enough to be plain in block context: a safe first character, no `: `, ` #` or a trailing space or colon. */
const SIMPLE = /^(?:[A-Za-z0-9_./$()]|-(?=[A-Za-z0-9_-]))[\x20-\x7e]*$/;

const plainText = new Map<string, string>();

/** A one-line string as a scalar: plain, double-quoted, or UNSUPPORTED. Cached: names repeat. */
function scalarString(value: string, key: boolean): string {
  const cached = plainText.get(value);
  if (cached !== undefined) return key && cached !== value ? unsupported() : cached;
  let text: string;
  if (value === '' && !key) return '""'; // yaml quotes the empty string (e.g. a core group `group: ""`)
  if (!SIMPLE.test(value) || /: | #|[ :]$|^(?:---|\.\.\.)/.test(value) || value.length > 1000) return unsupported();
  if (typedTests.some((test) => test.test(value)) || ambiguousScalar(value)) {
    if (key || /["\\]/.test(value)) return unsupported();
    text = `"${value}"`;
  } else {
    text = value;
  }
  plainText.set(value, text);
  return text;
}

/** A multi-line string as a literal block: header and the lines, indented. */
function literalBlock(value: string, indent: string): string {
  if (!PRINTABLE.test(value.replace(/\n/g, '')) || /^[ \n]/.test(value) || / \n|\n[ \n]*$/.test(value.replace(/\n$/, '')) || value.endsWith(' ')) {
    return unsupported();
  }
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

/** Scalars of manifests as cdk8s writes them (YAML 1.1): plain or quoted strings, literal blocks, integers, booleans, null, `[]`, `{}`. */
const MANIFEST_SCALARS: YamlScalars = {
  key: (key) => scalarString(key, true),
  scalar(value, indent) {
    if (typeof value !== 'string') return nonStringScalar(value);
    return value.includes('\n') ? literalBlock(value, indent) : scalarString(value, false);
  },
  empty: (isSequence) => (isSequence ? '[]' : '{}'),
};

/** One document: the fast writer, or cdk8s's for a document it does not handle. */
function documentText(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null) return Yaml.stringify(doc);
  try {
    return blockYaml(doc, MANIFEST_SCALARS);
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    // cdk8s's text, unless a string in it needs quotes that cdk8s does not give (yaml-blocks.ts ambiguousScalar).
    const text = Yaml.stringify(doc);
    return holdsAmbiguous(doc) ? quotedYaml(doc, { keepUndefined: true, lineWidth: 0, version: '1.1' }) : text;
  }
}

/** Like cdk8s `Yaml.stringify(...docs)`: documents separated by `---`. */
export function stringifyManifests(...docs: unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : documentText(doc))).join('---\n');
}
