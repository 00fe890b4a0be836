/** GitOps output (opt-in `gitops:`): Argo CD / Flux objects per cluster, one per namespace folder, pruning on, ordered. */
import { deployFiles } from '../lib/plan/deploy-files';
import { crdSchemaErrors } from './support/crd-schemas';
import { listProblems, planAnyList } from './support/problems';
import { defaultList, K8sObject, ofKind, synthFiles } from './support/synth';

const MODELS = [
  { id: 'gemma-2b-it', source: 'google/gemma-2b-it', namespace: 'team-a' },
  { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', namespace: 'team-b' },
];
const REPO = 'https://github.com/example/llm-platform.git';
const argoList = { namespace: 'llm-gateway', gitops: { repoURL: REPO, argocd: {} }, models: MODELS };
const fluxList = { namespace: 'llm-gateway', gitops: { repoURL: REPO, revision: 'release', path: './deploy/dist/', flux: { interval: '5m' } }, models: MODELS };
const fleetList = {
  gitops: { repoURL: 'ssh://git@github.com/example/llm.git', flux: {} },
  gateway: { className: 'gke-l7-rilb-mc', bodyBasedRouting: false },
  clusters: [{ name: 'east', region: 'us-east4' }, { name: 'east-2', region: 'us-east4', location: 'us-east4-c' }],
  models: [
    { id: 'gemma-2b-it', source: 'google/gemma-2b-it', namespace: 'team-a', clusters: ['east', 'east-2'] },
    { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', clusters: ['east-2'] },
  ],
};

function gitopsObjects(files: Record<string, K8sObject[]>, file: string): K8sObject[] {
  expect(Object.keys(files)).toContain(file);
  return files[file];
}

const byName = (objects: K8sObject[]) => Object.fromEntries(objects.map((o) => [o.metadata.name, o]));

describe('opt-in', () => {
  test('without gitops the files are exactly the ones before (no gitops folder, no Namespace objects)', () => {
    const files = synthFiles(defaultList());
    expect(Object.keys(files).sort()).toEqual(['default/gateway.k8s.yaml', 'default/identity.k8s.yaml', 'default/model-gemma-2b-it.k8s.yaml', 'default/model-qwen-25-3b.k8s.yaml']);
    expect(ofKind(Object.values(files).flat(), 'Namespace')).toEqual([]);
  });

  test('with gitops only a gitops folder is added; the namespace folders are unchanged', () => {
    const { gitops, ...plain } = argoList;
    const before = synthFiles(plain);
    const after = synthFiles(argoList);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'gitops/argocd.k8s.yaml'].sort());
    for (const file of Object.keys(before)) expect(after[file]).toEqual(before[file]);
  });
});

describe('Argo CD', () => {
  const objects = gitopsObjects(synthFiles(argoList), 'gitops/argocd.k8s.yaml');
  const apps = byName(ofKind(objects, 'Application'));

  test('every object validates against its CRD (schema and CEL)', () => {
    for (const object of objects) expect({ name: object.metadata.name, errors: crdSchemaErrors(object) }).toEqual({ name: object.metadata.name, errors: [] });
  });

  test('one Application per namespace folder, the router and the app of apps, all in argocd', () => {
    expect(Object.keys(apps).sort()).toEqual([
      'ray-llm-gateway', 'ray-llm-gateway-ns-llm-gateway', 'ray-llm-gateway-ns-team-a', 'ray-llm-gateway-ns-team-b', 'ray-llm-gateway-router',
    ]);
    expect(apps['ray-llm-gateway-ns-team-a'].spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/team-a' });
    expect(apps['ray-llm-gateway-ns-team-a'].spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'team-a' });
    expect(apps['ray-llm-gateway'].spec.source.path).toBe('dist/gitops');
    for (const app of Object.values(apps)) {
      expect(app.metadata.namespace).toBe('argocd');
      expect(app.spec.project).toBe('default');
    }
  });

  test('pruning on: automated sync prunes and self-heals, deleting an Application deletes its objects', () => {
    for (const app of Object.values(apps)) {
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io/foreground']);
    }
  });

  test('order: model folders (wave 1), router (wave 2), the Gateway folder (wave 3)', () => {
    const wave = (name: string) => (apps[name].metadata as any).annotations?.['argocd.argoproj.io/sync-wave'];
    expect(wave('ray-llm-gateway-ns-team-a')).toBe('1');
    expect(wave('ray-llm-gateway-ns-team-b')).toBe('1');
    expect(wave('ray-llm-gateway-router')).toBe('2');
    expect(wave('ray-llm-gateway-ns-llm-gateway')).toBe('3');
  });

  test('the router: the body-based-routing v1.4.0 chart from its OCI registry with the synthesized values', () => {
    const router = apps['ray-llm-gateway-router'];
    expect(router.spec.source.repoURL).toBe('oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing');
    expect(router.spec.source.targetRevision).toBe('v1.4.0');
    expect(router.spec.source.path).toBe('.');
    expect(router.spec.destination.namespace).toBe('llm-gateway');
    expect(router.spec.source.helm.releaseName).toBe('body-based-router');
    expect(router.spec.source.helm.valuesObject.inferenceGateway).toEqual({ name: 'ray-multi-model-gateway' });
    expect(router.spec.source.helm.valuesObject.provider).toEqual({ name: 'gke' });
    expect(router.spec.source.helm.valuesObject.bbr.plugins[0].json).toEqual({ field_name: 'model', header_name: 'X-Gateway-Model-Name' });
  });

  test('the namespaces are objects of their own folders (one owner each), not of the app of apps', () => {
    const files = synthFiles(argoList);
    expect(ofKind(objects, 'Namespace')).toEqual([]);
    for (const ns of ['llm-gateway', 'team-a', 'team-b']) expect(files[`${ns}/0-namespace.k8s.yaml`].map((o) => [o.kind, o.metadata.name])).toEqual([['Namespace', ns]]);
  });

  test('namespace default is not written (Kubernetes owns it; nothing may prune it)', () => {
    const files = synthFiles({ ...defaultList() as object, gitops: { repoURL: REPO, argocd: { namespace: 'gitops-argo', project: 'llm' } } });
    const own = gitopsObjects(files, 'gitops/argocd.k8s.yaml');
    expect(ofKind(own, 'Namespace')).toEqual([]);
    expect(ofKind(own, 'Application').map((a) => [a.metadata.name, a.metadata.namespace, a.spec.project])).toEqual([
      ['ray-llm-gateway', 'gitops-argo', 'llm'], ['ray-llm-gateway-router', 'gitops-argo', 'llm'], ['ray-llm-gateway-ns-default', 'gitops-argo', 'llm'],
    ]);
  });
});

describe('Flux', () => {
  const objects = gitopsObjects(synthFiles(fluxList), 'gitops/flux.k8s.yaml');
  const kustomizations = byName(ofKind(objects, 'Kustomization'));

  test('every object validates (CRD schema and CEL; HelmRelease and OCIRepository against their documented fields)', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['GitRepository', 'HelmRelease', 'Kustomization', 'Kustomization', 'Kustomization', 'Kustomization', 'OCIRepository']);
    for (const object of objects) expect({ name: object.metadata.name, errors: crdSchemaErrors(object) }).toEqual({ name: object.metadata.name, errors: [] });
  });

  test('a GitRepository on the branch, one Kustomization per folder plus the root, pruning on', () => {
    const [source] = ofKind(objects, 'GitRepository');
    expect(source.spec).toEqual({ url: REPO, ref: { branch: 'release' }, interval: '5m' });
    expect(Object.fromEntries(Object.values(kustomizations).map((k) => [k.metadata.name, k.spec.path]))).toEqual({
      'ray-llm-gateway': './deploy/dist/gitops',
      'ray-llm-gateway-ns-llm-gateway': './deploy/dist/llm-gateway',
      'ray-llm-gateway-ns-team-a': './deploy/dist/team-a',
      'ray-llm-gateway-ns-team-b': './deploy/dist/team-b',
    });
    for (const k of Object.values(kustomizations)) {
      expect(k.spec.prune).toBe(true);
      expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'ray-llm-gateway' });
      expect(k.metadata.namespace).toBe('flux-system');
    }
  });

  test('order: the Gateway folder depends on the model folders', () => {
    expect(kustomizations['ray-llm-gateway-ns-llm-gateway'].spec.dependsOn).toEqual([{ name: 'ray-llm-gateway-ns-team-a' }, { name: 'ray-llm-gateway-ns-team-b' }]);
    expect(kustomizations['ray-llm-gateway-ns-team-a'].spec.dependsOn).toBeUndefined();
  });

  test('the router: a HelmRelease of the OCI chart into the Gateway namespace with the synthesized values', () => {
    const [release] = ofKind(objects, 'HelmRelease');
    const [oci] = ofKind(objects, 'OCIRepository');
    expect(oci.spec.url).toBe('oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing');
    expect(oci.spec.ref).toEqual({ tag: 'v1.4.0' });
    expect(oci.spec.layerSelector).toEqual({ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' });
    expect(release.spec.chartRef).toEqual({ kind: 'OCIRepository', name: oci.metadata.name, namespace: 'flux-system' });
    expect(release.spec.targetNamespace).toBe('llm-gateway');
    expect(release.spec.releaseName).toBe('body-based-router');
    expect(release.spec.values.inferenceGateway).toEqual({ name: 'ray-multi-model-gateway' });
  });

  test('a fleet: a gitops folder per cluster with that cluster\'s folders; no router (multi-cluster classes take no routing extension)', () => {
    const files = synthFiles(fleetList);
    const east = gitopsObjects(files, 'east/gitops/flux.k8s.yaml');
    const east2 = gitopsObjects(files, 'east-2/gitops/flux.k8s.yaml');
    expect(ofKind(east, 'Kustomization').map((k) => k.spec.path)).toEqual(['./dist/east/gitops', './dist/east/default', './dist/east/team-a']);
    expect(ofKind(east2, 'Kustomization').map((k) => k.spec.path)).toEqual(['./dist/east-2/gitops', './dist/east-2/default', './dist/east-2/team-a']);
    expect(ofKind(east, 'HelmRelease')).toHaveLength(0);
    expect(ofKind(east2, 'HelmRelease')).toHaveLength(0);
    // A one-cluster list with bodyBasedRouting: false installs none either.
    expect(ofKind(gitopsObjects(synthFiles({ ...fluxList, gateway: { bodyBasedRouting: false } }), 'gitops/flux.k8s.yaml'), 'HelmRelease')).toHaveLength(0);
    // Only the config cluster orders its folders around the Gateway.
    expect(byName(ofKind(east, 'Kustomization'))['ray-llm-gateway-ns-default'].spec.dependsOn).toEqual([{ name: 'ray-llm-gateway-ns-team-a' }]);
    expect(byName(ofKind(east2, 'Kustomization'))['ray-llm-gateway-ns-default'].spec.dependsOn).toBeUndefined();
    for (const object of [...east, ...east2]) expect(crdSchemaErrors(object)).toEqual([]);
  });
});

test('the checks can fail: a misspelt field, a missing source or a chart given twice is reported', () => {
  /** Errors of `object` with some of its spec fields replaced (a field set to null is removed). */
  const errorsWith = (object: K8sObject, spec: Record<string, unknown>): string[] => {
    const changed = JSON.parse(JSON.stringify({ ...object, spec: { ...object.spec, ...spec } }, (_k, v) => (v === null ? undefined : v)));
    return crdSchemaErrors(changed);
  };
  const argo = ofKind(gitopsObjects(synthFiles(argoList), 'gitops/argocd.k8s.yaml'), 'Application')[0];
  expect(errorsWith(argo, { syncPolicy: { automated: { purge: true } } })).not.toEqual([]);
  const flux = gitopsObjects(synthFiles(fluxList), 'gitops/flux.k8s.yaml');
  expect(errorsWith(ofKind(flux, 'Kustomization')[0], { sourceRef: null })).not.toEqual([]);
  expect(errorsWith(ofKind(flux, 'HelmRelease')[0], { chart: { spec: { chart: 'x' } } })).not.toEqual([]);
  expect(errorsWith(ofKind(flux, 'OCIRepository')[0], { url: 'https://registry.k8s.io/x' })).not.toEqual([]);
});

describe('bad gitops settings name the field', () => {
  const withGitops = (gitops: unknown, extra: object = {}) => listProblems({ ...extra, gitops, models: MODELS });

  test.each([
    [{ argocd: {} }, 'gitops: repoURL is required'],
    [{ repoURL: 'github.com/x/y', argocd: {} }, 'gitops: repoURL "github.com/x/y" must be a Git URL (https://..., ssh://... or git@host:path)'],
    [{ repoURL: REPO }, 'gitops: needs argocd or flux (the controller that applies dist/)'],
    [{ repoURL: REPO, argocd: {}, flux: {} }, "gitops: give argocd or flux, not both (two controllers would prune each other's objects)"],
    [{ repoURL: REPO, path: '../dist', argocd: {} }, 'gitops: path "../dist" must be a relative folder of the repository without ".." (e.g. dist)'],
    [{ repoURL: REPO, path: '/dist', argocd: {} }, 'gitops: path "/dist" must be a relative folder of the repository without ".." (e.g. dist)'],
    [{ repoURL: REPO, revision: 'a b', argocd: {} }, 'gitops: revision "a b" is not a branch name'],
    [{ repoURL: REPO, flux: { interval: 'often' } }, 'gitops flux: interval "often" must be a duration such as 10m or 1h'],
    [{ repoURL: REPO, flux: { namespace: 'Flux' } }, 'gitops flux: namespace "Flux" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)'],
    [{ repoURL: REPO, argocd: { sync: true } }, 'gitops argocd: unknown field "sync" (known: namespace, project)'],
    [{ repoURL: REPO, argo: {} }, 'gitops: unknown field "argo" (did you mean "argocd"? known: repoURL, revision, path, argocd, flux)'],
    [{ repoURL: REPO, argocd: { namespace: 'team-a' } }, 'gitops argocd: namespace "team-a" also holds models or the Gateway; the controller needs a namespace of its own'],
    [{ repoURL: 'git@github.com:x/y.git', flux: {} }, 'gitops: repoURL "git@github.com:x/y.git" is scp-like, which Flux does not clone; write it as ssh://git@github.com/x/y.git'],
    ['yes', 'gitops: gitops must be a map (repoURL, revision, path, argocd, flux)'],
  ])('%j', (gitops, message) => {
    expect(withGitops(gitops)).toContain(message);
  });

  test('a namespace named like the gitops folder is refused', () => {
    expect(withGitops({ repoURL: REPO, argocd: {} }, { namespace: 'gitops' })).toContain(
      'gitops: namespace "gitops" is used by the list, but dist/ holds the GitOps objects in the folder of that name; rename the namespace');
  });
});

describe('the cluster script with GitOps', () => {
  /** The step ids of the rendered step file (`step <phase> <id> ...` lines). */
  function stepIds(list: unknown): string[] {
    const steps = deployFiles(planAnyList(list), 'deploy')['cluster-steps.tsv'];
    return steps.split('\n').filter((line) => line.startsWith('step\t')).map((line) => line.split('\t').slice(1, 3).join(' '));
  }

  test('the controller installs the router and applies dist/: the script creates only what YAML cannot', () => {
    const withoutGitops = stepIds({ ...argoList, gitops: undefined });
    expect(withoutGitops).toEqual(expect.arrayContaining(['up router:{cluster}', 'up manifests:{cluster}/llm-gateway', 'down router:{cluster}']));
    const ids = stepIds(argoList);
    expect(ids.filter((id) => /router|manifests/.test(id))).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['up pool:{cluster}/gpu-nvidia-l4', 'up secret:{cluster}/team-a', 'up secret:{cluster}/team-b', 'up namespace:{cluster}/llm-gateway']));
    expect(ids.filter((id) => !/router|manifests/.test(id))).toEqual(withoutGitops.filter((id) => !/router|manifests/.test(id)));
  });
});
