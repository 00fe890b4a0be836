/**
 * The Serve config's YAML text, byte for byte what `stringify(value, { lineWidth: 0 })` of the
 * `yaml` package (YAML 1.2 core schema, its defaults) writes — with every string that a YAML 1.1
 * reader (KubeRay reads serveConfigV2 with Go's yaml) would read otherwise double-quoted — without building a `yaml` Document:
 * that was about half of making the constructs in a 1000-model synth (issue #13).
 *
 * It writes only what it knows to be written the same way: plain objects and arrays (non-empty),
 * block style, two-space indent, sequences indented under their key; safe integers, booleans,
 * null; strings plain when they are simple (a conservative set of characters, stricter than YAML's
 * rules) and no tag of the `yaml` package's schemas (1.2 core, and 1.1 to be safe) reads them as
 * anything but a string. For any other value (floats, empty strings, spaces, `#`, quotes, a
 * leading `-` or `:`, multi-line or non-ASCII text, keys that need quoting, empty collections,
 * repeated objects, ...) the whole document is written by the `yaml` package.
 * test/serve-config-yaml.test.ts compares both on every fixture list and on values chosen to hit
 * each rule.
 */
import { Document } from 'yaml';
import { ambiguousScalar, blockYaml, nonStringScalar, quotedYaml, UNSUPPORTED, unsupported, YamlScalars } from './yaml-blocks';

/** Tests of every non-string tag of the 1.2 core and the 1.1 schemas: a match means "not plain". */
const typedTests = ['1.2', '1.1'].flatMap((version) => {
  const schema = new Document(undefined, { version: version as '1.1' | '1.2' }).schema;
  return [...schema.tags, ...(schema.compat ?? [])]
    .filter((tag) => tag.tag !== 'tag:yaml.org,2002:str' && tag.test)
    .map((tag) => tag.test!);
});

/**
 * Plain in block context for both keys and values: a letter, digit, `_` or `/` first, then
 * letters, digits and `_ . / @ + = -`, and `:` only before another such character (never `: `
 * or a trailing `:`). No spaces, `#`, quotes, flow indicators or other characters.
 */
const SIMPLE = /^[A-Za-z0-9_/](?:[A-Za-z0-9_./@+=-]|:(?=[A-Za-z0-9_./@+=-]))*$/;

/** Strings already checked: true when written plain. Ids and sources repeat across models. */
const checked = new Map<string, boolean>();

function plain(value: string): string {
  let ok = checked.get(value);
  if (ok === undefined) {
    ok = value.length <= 200 && SIMPLE.test(value) && !typedTests.some((test) => test.test(value)) && !ambiguousScalar(value);
    if (checked.size < 10000) checked.set(value, ok);
  }
  return ok ? value : unsupported();
}

/** Scalars of the Serve config: simple plain strings, safe integers, booleans, null; no empty collections. */
const SERVE_SCALARS: YamlScalars = {
  key: plain,
  scalar: (value) => (typeof value === 'string' ? plain(value) : nonStringScalar(value)),
  empty: () => unsupported(),
};

/** How many documents went to the `yaml` package (for tests and the benchmark's curiosity). */
export const serveYamlStats = { fallbacks: 0 };

/** `stringify(value, { lineWidth: 0 })` of the `yaml` package, faster for the shapes it knows. */
export function serveYaml(value: object): string {
  try {
    return blockYaml(value, SERVE_SCALARS);
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    serveYamlStats.fallbacks += 1;
    return quotedYaml(value, { lineWidth: 0 });
  }
}
