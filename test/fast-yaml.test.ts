/**
 * lib/synth/fast-yaml.ts writes manifests byte for byte as cdk8s's `Yaml.stringify` (the `yaml`
 * package) does: compared on every object of the fixture lists and examples, and on values chosen
 * to hit each of its rules (quoting YAML 1.1 look-alikes, literal blocks, nesting, empty
 * collections) and each case it hands back to cdk8s.
 */
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { buildCharts, loadModelList, objectsOf } from '../lib';
import { stringifyManifests } from '../lib/synth/fast-yaml';
import { manyModels, RICH_LIST } from './support/lists';
import { ROOT, SEED_LIST_FILE } from './support/synth';
import { planAnyList } from './support/problems';

const LISTS: Record<string, unknown> = {
  seed: loadModelList(SEED_LIST_FILE),
  fleet: loadModelList(path.join(ROOT, 'examples', 'fleet.yaml')),
  'multi-region': loadModelList(path.join(ROOT, 'examples', 'multi-region.yaml')),
  gitops: loadModelList(path.join(ROOT, 'examples', 'gitops.yaml')),
  rich: RICH_LIST,
  'many (60, with canaries every 7th)': manyModels(60, (i) => (i % 7 === 0 ? { canary: { source: `org/canary-${i}`, weight: 10 } } : {})),
};

function objectsOfList(list: unknown): unknown[] {
  return buildCharts(planAnyList(list)).flatMap((file) => objectsOf(file));
}

/** Counts the documents handed to cdk8s's writer while `action` runs. */
function fallbacks(action: () => void): number {
  const spy = jest.spyOn(Yaml, 'stringify');
  try {
    action();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

test.each(Object.entries(LISTS))('every object of the %s list is written as cdk8s writes it, without falling back', (_, list) => {
  const objects = objectsOfList(list);
  expect(objects.length).toBeGreaterThan(2);
  const expected = objects.map((o) => Yaml.stringify(o));
  let written: string[] = [];
  expect(fallbacks(() => (written = objects.map((o) => stringifyManifests(o))))).toBe(0);
  expect(written).toEqual(expected);
  expect(stringifyManifests(...objects)).toBe(Yaml.stringify(...objects));
});

const FAST: Record<string, unknown> = {
  'YAML 1.1 look-alikes are double-quoted': { a: 'yes', b: 'on', c: '1:20', d: '0x1F', f: '', o: '8000', p: '0.0.0.0', q: 'true', r: 'null', s: '2001-12-14', t: 'y', u: 'N', v: '.inf', w: '1e3', x: '1_000' },
  'simple strings and keys are plain': { 'a key': 1,  a: '--port=8000', b: 'http://a.b/c:d', c: '/-/healthz', d: 'a b c', e: 'x-y_z.1', f: '$(VAR)', g: 'say "hi"' },
  'multi-line strings are literal blocks': { a: 'a\nb', b: 'a\nb\n', c: 'a\n\nb\n', d: 'a\n  b\n', seq: ['x\ny', 'x\ny\n', { k: 'p\nq' }], nested: { deeper: { s: 'line1\nline2: x\n' } } },
  'nesting and empty collections': { emptyMap: {}, emptySeq: [], s: [[1, 2], [], [{}], [[3]]], m: [{ a: 1, b: [1, { c: null }] }, { d: true, e: false }], nothing: null, neg: -3, big: 12345678901 },
  'a top-level sequence': [1, 'two', { three: 3 }],
  'an empty document': {},
};

test.each(Object.entries(FAST))('%s, as cdk8s writes them', (_, doc) => {
  let written = '';
  expect(fallbacks(() => (written = stringifyManifests(doc)))).toBe(0);
  expect(written).toBe(Yaml.stringify(doc));
});

const HANDED_BACK: Record<string, unknown> = {
  'a float': { f: 0.5 },
  'a leading space': { g: ' lead' },
  'a trailing space': { h: 'trail ' },
  'a colon and space': { i: 'a: b' },
  'a comment marker': { j: 'a #b' },
  'a dash and space': { l: '- x' },
  'a flow indicator first': { m: '{x' },
  'non-ASCII text': { n: 'é' },
  'a tab': { t: 'a\tb' },
  'a tilde (YAML 1.1 null)': { e: '~' },
  'a key YAML would read as a boolean': { true: 1 },
  'a key YAML 1.1 would read as a number': { e1: 1 },
  'a numeric key': { 8080: 'k' },
  'a multi-line string with two trailing newlines': { s: 'a\nb\n\n' },
  'a multi-line string starting with a space': { s: ' a\nb' },
  'a line with a trailing space': { s: 'a \nb' },
  'a very long string': { long: 'x'.repeat(2000) },
  'an object twice (yaml writes an alias)': (() => {
    const shared = { a: 1 };
    return { one: shared, two: shared };
  })(),
};

test.each(Object.entries(HANDED_BACK))('%s: handed to cdk8s, same text', (_, doc) => {
  let written = '';
  expect(fallbacks(() => (written = stringifyManifests(doc)))).toBe(1);
  expect(written).toBe(Yaml.stringify(doc));
});
