/**
 * Issue #21: every string of every fixture list reads back as the same string through a YAML 1.1
 * reader as well as a 1.2 one, in the manifests and in serveConfigV2; strings that Go's yaml
 * (kubectl, KubeRay) reads as numbers or booleans are quoted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildCharts, loadModelList, objectsOf, planModels } from '../lib';
import { stringifyManifests } from '../lib/synth/fast-yaml';
import { ambiguousScalar } from '../lib/constructs/yaml-blocks';
import { ROOT } from './support/synth';

const LIST_DIRS = [path.join(ROOT, 'test', 'fixtures', 'lists'), path.join(ROOT, 'test', 'fixtures', 'lists', 'cluster'), path.join(ROOT, 'examples')];
const files = LIST_DIRS.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)));
const acceptedLists = files.flatMap((file) => {
  try {
    return [[path.relative(ROOT, file), planModels(loadModelList(file))] as const];
  } catch {
    return [];
  }
});

/** The objects as written and as read back by a reader of `version`. */
function readBack(objects: unknown[], version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(stringifyManifests(...objects), { version }).map((d) => d.toJS());
}

function serveConfigs(objects: unknown[]): string[] {
  return objects.flatMap((o: any) => (o.kind === 'RayService' ? [o.spec.serveConfigV2 as string] : []));
}

test('there are fixture lists to check', () => expect(acceptedLists.length).toBeGreaterThan(10));

test.each(acceptedLists)('%s: every manifest and serveConfigV2 reads back the same with YAML 1.1 and 1.2 readers', (_name, plan) => {
  const objects = buildCharts(plan).flatMap((file) => objectsOf(file)).map((o) => JSON.parse(JSON.stringify(o)));
  for (const version of ['1.1', '1.2'] as const) {
    expect(readBack(objects, version)).toEqual(objects);
    for (const text of serveConfigs(objects)) {
      const parsed = parseAllDocuments(text, { version })[0].toJS();
      expect(parsed).toEqual(parseAllDocuments(text, { version: '1.2' })[0].toJS());
    }
  }
});

const LOOK_ALIKES = ['0o22', '0O22', '0X1F', '0x1f', '0B1', '0b1', '1_000', '0755', '+12', '-.5', '.5', '1e3', '12:30:00', 'y', 'n', 'Y', 'on', 'off', 'yes', 'NO', '~', '2026-12-03', '.inf', '.NaN', '='];

test.each(LOOK_ALIKES)('%j as an env value and as a model id (a header value) is quoted in the manifests and in serveConfigV2', (text) => {
  const plan = planModels({ models: [{ id: `m-${text}`.replace(/^m-/, ''), source: 'org/m', name: 'm', env: { SETTING: text } }] });
  const objects = buildCharts(plan).flatMap((file) => objectsOf(file)).map((o) => JSON.parse(JSON.stringify(o)));
  expect(ambiguousScalar(text)).toBe(true);
  const written = stringifyManifests(...objects);
  const quoted = (t: string) => [`"${t}"`, `'${t}'`];
  expect(quoted(text).some((q) => written.includes(`value: ${q}`))).toBe(true);
  for (const version of ['1.1', '1.2'] as const) expect(readBack(objects, version)).toEqual(objects);
  const serve = serveConfigs(objects)[0];
  expect(quoted(text).some((q) => serve.includes(`model_id: ${q}`))).toBe(true);
  for (const version of ['1.1', '1.2'] as const) expect(JSON.stringify(parseAllDocuments(serve, { version })[0].toJS())).toContain(`"model_id":${JSON.stringify(text)}`);
});
