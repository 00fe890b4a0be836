/** Issue #21: image, rayVersion, source and id are checked for form. */
import { planModels } from '../lib';
import { listProblems } from './support/problems';

const model = (extra: Record<string, unknown> = {}) => ({ id: 'm', source: 'org/m', ...extra });
const problemsOf = (extra: Record<string, unknown>) => listProblems({ models: [model(extra)] });
const accepted = (extra: Record<string, unknown>) => planModels({ models: [model(extra)] }).models[0].deployments[0];

describe('image: a container image reference, optionally pinned by digest', () => {
  test.each(['rayproject/ray-llm:2.54.0-py311-cu128', 'us-docker.pkg.dev/p/repo/ray-llm:2.54.0', 'localhost:5000/ray-llm:2.54.0', `rayproject/ray-llm@sha256:${'a'.repeat(64)}`, `rayproject/ray-llm:2.54.0@sha256:${'0'.repeat(64)}`])('%s is accepted', (image) => {
    expect(accepted({ image }).image).toBe(image);
  });
  test.each(['rayproject/ray-llm:2.54.0\nevil: 1', 'Ray/Upper:1', 'ray llm:1', 'ray:', `ray@sha256:${'a'.repeat(10)}`, `ray@md5:${'a'.repeat(32)}`])('%j is refused', (image) => {
    expect(problemsOf({ image })).toEqual([expect.stringMatching(/^models\[0\] "m": image .*(is not a container image reference|a digest must be sha256)/)]);
  });
});

describe('rayVersion: a Ray version', () => {
  // With the image of the same version (lib/plan/runtime-limits.ts refuses a mismatch).
  test.each(['2.54.0', '2.55.0rc1', '3.0.0.dev0'])('%s is accepted', (rayVersion) => expect(accepted({ rayVersion, image: `rayproject/ray-llm:${rayVersion}-py311-cu128` }).rayVersion).toBe(rayVersion));
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
  test.each(['gemmа', 'cafe\u0301', 'caf\u00e9', 'ｇｅｍｍａ', 'café-模型'])('%j is refused', (id) => {
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

describe('proxySubnetRange: a private range of a size a proxy-only subnet can have', () => {
  test.each([
    ['0.0.0.0/0', 'is not a private range'],
    ['8.8.8.0/24', 'is not a private range'],
    ['172.32.0.0/24', 'is not a private range'],
    ['192.168.10.0/27', 'must be from /16 to /26'],
    ['10.0.0.0/8', 'must be from /16 to /26'],
    ['192.168.10.5/24', 'is not a network address (the host bits are not zero; the network is 192.168.10.0/24)'],
  ])('network.proxySubnetRange %s is refused: %s', (range, why) => {
    expect(listProblems({ network: { proxySubnetRange: range }, models: [model()] })).toEqual([`network: proxySubnetRange "${range}" ${why}${why.startsWith('is not a private') ? ' (inside one of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10): the NetworkPolicies admit Serve traffic from it' : why.startsWith('must') ? ' (a proxy-only subnet needs /26 or larger; /23 is recommended)' : ''}`]);
  });

  test.each(['10.129.0.0/23', '172.16.0.0/26', '100.64.0.0/16', '192.168.10.0/24'])('%s is accepted', (range) => {
    expect(planModels({ network: { proxySubnetRange: range }, models: [model()] }).proxySubnetRange).toBe(range);
  });

  test("a cluster's range is checked the same way; two regions' ranges may not overlap", () => {
    const clusters = (a: string, b: string) => ({
      gateway: { className: 'gke-l7-cross-regional-internal-managed-mc' },
      clusters: [{ name: 'a', region: 'us-central1', proxySubnetRange: a }, { name: 'b', region: 'europe-west4', proxySubnetRange: b }],
      models: [model()],
    });
    expect(listProblems(clusters('0.0.0.0/0', '10.1.0.0/24'))).toContainEqual(expect.stringContaining('clusters[0] "a": proxySubnetRange "0.0.0.0/0" is not a private range'));
    expect(listProblems(clusters('10.1.0.0/23', '10.1.1.0/24'))).toContainEqual('clusters: proxySubnetRange 10.1.1.0/24 of europe-west4 overlaps 10.1.0.0/23 of us-central1; the ranges of a network must not overlap');
  });
});

describe('GitOps repoURL without credentials', () => {
  test.each([
    ['https://user:s3cr3t@github.com/org/repo.git', 's3cr3t'],
    ['https://ghp_0123456789abcdef0123456789abcdef0123@github.com/org/repo.git', 'ghp_0123'],
    ['https://oauth2@gitlab.com/org/repo.git', 'oauth2'],
    ['https://github.com/org/repo.git?access_token=abc123secret', 'abc123secret'],
    ['ssh://git:hunter2@github.com/org/repo.git', 'hunter2'],
  ])('%s is refused without echoing it', (repoURL, secret) => {
    const problems = listProblems({ gitops: { repoURL, argocd: {} }, models: [model()] });
    expect(problems).toEqual([expect.stringMatching(/^gitops: repoURL holds .* \(the value is not shown\)/)]);
    expect(problems[0]).not.toContain(secret);
  });
  test.each(['https://github.com/org/repo.git', 'ssh://git@github.com/org/repo.git', 'git@github.com:org/repo.git'])('%s is accepted', (repoURL) => {
    expect(planModels({ gitops: { repoURL, argocd: {} }, models: [model()] }).gitops!.repoURL).toBe(repoURL);
  });
});

describe('TLS certificateSecret: a valid Secret name, distinct from every other Secret written', () => {
  const tls = (certificateSecret: string, extra: Record<string, unknown> = {}) => ({ gateway: { tls: { certificateSecret } }, models: [model()], ...extra });
  test.each(['Bad_Name', 'a'.repeat(254), 'x..y', '-lead'])('%s is not a Secret name', (name) => {
    expect(listProblems(tls(name))).toEqual([expect.stringContaining('gateway tls: certificateSecret "') ]);
  });
  test('the Hugging Face Secret\'s name is refused (up would overwrite the certificate, down delete it)', () => {
    expect(listProblems(tls('hf-secret'))).toEqual(['gateway tls: certificateSecret "hf-secret" is the Hugging Face token\'s Secret (huggingFaceSecret.name): up would overwrite the certificate and down delete it; name them apart']);
    expect(listProblems(tls('tok', { huggingFaceSecret: { name: 'tok' } }))).toHaveLength(1);
  });
  test('the ApplySet parent\'s name is refused, for the certificate and for the Hugging Face Secret', () => {
    expect(listProblems(tls('ray-llm-gateway'))).toEqual([expect.stringContaining('certificateSecret "ray-llm-gateway" is the Secret kubectl keeps the ApplySet')]);
    expect(listProblems({ huggingFaceSecret: { name: 'ray-llm-gateway' }, models: [model()] })).toEqual([expect.stringContaining('huggingFaceSecret: name "ray-llm-gateway" is the Secret kubectl keeps the ApplySet')]);
  });
  test('a distinct valid name is accepted', () => {
    expect(planModels(tls('gateway-cert.v2')).tls!.certificateSecret).toBe('gateway-cert.v2');
  });
});
