/** Issue #21: image, rayVersion, source and id are checked for form. */
import { planModels } from '../lib';
import { listProblems } from './support/problems';

const model = (extra: Record<string, unknown> = {}) => ({ id: 'm', source: 'org/m', ...extra });
const problemsOf = (extra: Record<string, unknown>) => listProblems({ models: [model(extra)] });
const accepted = (extra: Record<string, unknown>) => planModels({ models: [model(extra)] }).models[0].deployments[0];

describe('image: a container image reference, optionally pinned by digest', () => {
  test.each(['rayproject/ray-llm:2.54.0-py311-cu128', 'us-docker.pkg.dev/p/repo/ray-llm:2.54.0', 'localhost:5000/ray', `rayproject/ray-llm@sha256:${'a'.repeat(64)}`, `rayproject/ray-llm:2.54.0@sha256:${'0'.repeat(64)}`])('%s is accepted', (image) => {
    expect(accepted({ image }).image).toBe(image);
  });
  test.each(['rayproject/ray-llm:2.54.0\nevil: 1', 'Ray/Upper:1', 'ray llm:1', 'ray:', `ray@sha256:${'a'.repeat(10)}`, `ray@md5:${'a'.repeat(32)}`])('%j is refused', (image) => {
    expect(problemsOf({ image })).toEqual([expect.stringMatching(/^models\[0\] "m": image .*(is not a container image reference|a digest must be sha256)/)]);
  });
});

describe('rayVersion: a Ray version', () => {
  test.each(['2.54.0', '2.55.0rc1', '3.0.0.dev0'])('%s is accepted', (rayVersion) => expect(accepted({ rayVersion }).rayVersion).toBe(rayVersion));
  test.each(['latest', '2.54', '2.54.0 ', '2.54.0\n'])('%j is refused', (rayVersion) => {
    expect(problemsOf({ rayVersion })).toEqual([expect.stringContaining('rayVersion')]);
  });
});

describe('source: no whitespace or control characters', () => {
  test.each(['org/m x', 'org/m\n', 'org/\u200bm'])('%j is refused', (source) => {
    expect(problemsOf({ source })).toEqual([expect.stringContaining('source "org/')]);
  });
});

describe('id: printable ASCII (it becomes a header value)', () => {
  test.each(['gemmа', 'cafe\u0301', 'ｇｅｍｍａ'])('%j is refused', (id) => {
    expect(problemsOf({ id })).toContainEqual(expect.stringContaining('holds a character outside printable ASCII'));
  });
});

describe('namespaces Kubernetes or GKE manage are refused at synth', () => {
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'gmp-system', 'gmp-public', 'gke-managed-system', 'gke-gmp-system', 'istio-system', 'config-management-system'])('%s, as the list namespace or a model namespace', (namespace) => {
    expect(listProblems({ namespace, models: [model()] })).toContainEqual(expect.stringMatching(new RegExp(`^namespace: namespace "${namespace}" is managed by Kubernetes or GKE`)));
    expect(listProblems({ models: [model({ namespace })] })).toContainEqual(expect.stringContaining(`models[0] "m": namespace "${namespace}" is managed by Kubernetes or GKE`));
  });
  test('default may hold the objects (it is never created or deleted); a team namespace is fine', () => {
    expect(planModels({ namespace: 'default', models: [model({ namespace: 'ml-team' })] }).models[0].namespace).toBe('ml-team');
  });
});
