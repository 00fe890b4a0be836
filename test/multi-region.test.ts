/** Multi-region: one multi-cluster Gateway in front of RayServices in several GKE clusters. */
import * as path from 'path';
import { parse } from 'yaml';
import { loadModelList, planModels } from '../lib';
import { K8sObject, ofKind, synthFiles } from './support/synth';
import { ingressAllowed } from './support/network-policy';
import { listProblems } from './support/problems';
import { buildRouteTable } from '../scripts/route-table';
import { clusterPlan, clusterPlanEnv } from '../lib/plan/cluster-plan';

const list = loadModelList(path.join(__dirname, '..', 'examples', 'multi-region.yaml')) as any;
const files = synthFiles(list);
const inFolder = (folder: string) => Object.entries(files).filter(([f]) => f.startsWith(`${folder}/`)).flatMap(([, objects]) => objects);
const describeObjects = (objects: K8sObject[]) => objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);

const problems = listProblems;

test('one folder per cluster: the config cluster holds the Gateway, routes and front ends; every cluster the models it runs', () => {
  expect(Object.keys(files).sort()).toEqual([
    'europe-west/default/identity.k8s.yaml',
    'europe-west/default/model-gemma-2b-it.k8s.yaml',
    'us-central/default/frontend-gemma-2b-it.k8s.yaml',
    'us-central/default/frontend-qwen-25-3b.k8s.yaml',
    'us-central/default/gateway.k8s.yaml',
    'us-central/default/identity.k8s.yaml',
    'us-central/default/model-gemma-2b-it.k8s.yaml',
    'us-central/default/model-qwen-25-3b.k8s.yaml',
  ]);
  expect(describeObjects(inFolder('europe-west'))).toEqual([
    'ServiceAccount default/ray-llm',
    'RayService default/gemma-2b-it',
    'NetworkPolicy default/gemma-2b-it-ray-ingress',
    'ServiceExport default/gemma-2b-it-serve-svc',
  ]);
  expect(ofKind(inFolder('us-central'), 'Gateway')[0].spec.gatewayClassName).toBe('gke-l7-cross-regional-internal-managed-mc');
});

test('each cluster exports its serve Services; the routes and policies name the ServiceImports', () => {
  const exports = (folder: string) => ofKind(inFolder(folder), 'ServiceExport').map((e) => e.metadata.name);
  // No router in a fleet (README "Multi-region"): nothing of it to export.
  // The config cluster also exports the GET /v1/models responder: a multi-cluster route names ServiceImports only.
  expect(exports('us-central')).toEqual(['ray-multi-model-gateway-models', 'gemma-2b-it-serve-svc', 'qwen-25-3b-serve-svc']);
  expect(exports('europe-west')).toEqual(['gemma-2b-it-serve-svc']);
  const [route] = ofKind(inFolder('us-central'), 'HTTPRoute');
  expect(route.spec.rules.map((r: any) => r.backendRefs)).toEqual([
    [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'gemma-2b-it-serve-svc', port: 8000 }],
    [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'qwen-25-3b-serve-svc', port: 8000 }],
    [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'ray-multi-model-gateway-models', port: 8080 }],
  ]);
  for (const kind of ['HealthCheckPolicy', 'GCPBackendPolicy']) {
    expect(ofKind(inFolder('us-central'), kind).filter((p) => p.metadata.name !== 'ray-multi-model-gateway-models-healthcheck').map((p) => p.spec.targetRef)).toEqual([
      { group: 'net.gke.io', kind: 'ServiceImport', name: 'gemma-2b-it-serve-svc' },
      { group: 'net.gke.io', kind: 'ServiceImport', name: 'qwen-25-3b-serve-svc' },
    ]);
    expect(ofKind(inFolder('europe-west'), kind)).toEqual([]);
  }
});

test('a model served in two regions is reached through one address: its one rule names one ServiceImport; the route table finds no problem', () => {
  const all = Object.values(files).flat();
  const table = buildRouteTable(all);
  expect(table.problems).toEqual([]);
  expect(table.entries.map((e) => [e.name, e.backends.map((b) => b.service)])).toEqual([
    ['gemma-2b-it', ['default/gemma-2b-it-serve-svc:8000']],
    ['qwen-2.5-3b', ['default/qwen-25-3b-serve-svc:8000']],
    ['GET /v1/models', ['default/ray-multi-model-gateway-models:8080']],
    ['GET /v1/models/{id}', ['default/ray-multi-model-gateway-models:8080']],
  ]);
  // Without the exports, the imports reach nothing.
  const noExports = buildRouteTable(all.filter((o) => o.kind !== 'ServiceExport'));
  expect(noExports.problems.map((p) => p.kind)).toEqual(['dangling-backend', 'dangling-backend', 'dangling-backend']);
});

test('cross-region internal class: each cluster\'s NetworkPolicies admit the proxy-only subnets of both regions on Serve', () => {
  for (const folder of ['us-central', 'europe-west']) {
    const objects = inFolder(folder);
    const head = { namespace: 'default', labels: ofKind(objects, 'NetworkPolicy').find((p) => p.metadata.name.endsWith('-ray-ingress'))!.spec.podSelector.matchLabels };
    const from = (ip: string, port = 8000) => ingressAllowed(objects, head, port, { ip });
    expect({ folder, central: from('192.168.10.7'), europe: from('192.168.11.7') }).toEqual({ folder, central: true, europe: true });
    expect({ folder, other: from('192.168.12.7'), dashboard: from('192.168.11.7', 8265) }).toEqual({ folder, other: false, dashboard: false });
  }
});

test('regional classes admit their own region\'s range only; ranges are planned per region when the list sets none', () => {
  const regional = planModels({ gateway: { className: 'gke-l7-rilb-mc', bodyBasedRouting: false }, network: { proxySubnetRange: '10.129.0.0/23' },
    clusters: [{ name: 'a', region: 'us-central1' }, { name: 'b', region: 'us-central1', location: 'us-central1-c' }], models: [{ id: 'm', source: 'o/m' }] });
  expect(regional.clusters.map((c) => c.proxySourceRanges)).toEqual([['10.129.0.0/23'], ['10.129.0.0/23']]);
  const planned = planModels({ gateway: { className: 'gke-l7-cross-regional-internal-managed-mc', bodyBasedRouting: false },
    clusters: [{ name: 'a', region: 'us-central1' }, { name: 'b', region: 'europe-west4', proxySubnetRange: '192.168.11.0/24' }, { name: 'c', region: 'asia-east1' }, { name: 'd', region: 'us-central1', location: 'us-central1-c' }],
    models: [{ id: 'm', source: 'o/m' }] });
  // us-central1 the list's default, asia-east1 the next block not set explicitly (192.168.11.0/24 is europe-west4's).
  expect(planned.clusters.map((c) => [c.name, c.proxySubnetRange])).toEqual([['a', '192.168.10.0/24'], ['b', '192.168.11.0/24'], ['c', '192.168.12.0/24'], ['d', '192.168.10.0/24']]);
  expect(planned.clusters[2].proxySourceRanges).toEqual(['192.168.12.0/24', '192.168.10.0/24', '192.168.11.0/24']);
});

test('the cluster plan lists each cluster with its pools, namespaces and folder, and the cross-region proxy subnets', () => {
  const plan = clusterPlan(planModels(list), 'deploy/router-values.yaml');
  expect(plan.proxySubnetPurpose).toBe('GLOBAL_MANAGED_PROXY');
  expect(plan.clusters.map((c) => [c.name, c.region, c.location, c.config, c.dist, c.namespaces, c.nodePools.map((p) => `${p.name} ${p.machineType} x${p.nodes}`)])).toEqual([
    ['us-central', 'us-central1', 'us-central1-b', true, 'dist/us-central', ['default'], ['gpu-nvidia-l4 g2-standard-8 x4']],
    ['europe-west', 'europe-west4', 'europe-west4-b', false, 'dist/europe-west', ['default'], ['gpu-nvidia-l4 g2-standard-8 x2']],
  ]);
  const env = clusterPlanEnv(plan);
  expect(env).toContain('PLAN_CLUSTER_COUNT=2\nPLAN_CLUSTER_1_NAME=us-central\n');
  expect(env).not.toContain('PLAN_NODE_POOL_COUNT');
});

test('team namespaces in a fleet: grants name the ServiceImports; the config cluster gets every model namespace', () => {
  const teams = { ...list, namespace: 'llm-gateway', models: [{ id: 'a', source: 'o/a', namespace: 'team-a', clusters: ['europe-west'] }] };
  const teamFiles = synthFiles(teams);
  expect(Object.keys(teamFiles).sort()).toEqual([
    'europe-west/team-a/0-namespace.k8s.yaml', 'europe-west/team-a/identity.k8s.yaml', 'europe-west/team-a/model-a.k8s.yaml',
    'us-central/llm-gateway/0-namespace.k8s.yaml', 'us-central/llm-gateway/gateway.k8s.yaml',
    'us-central/team-a/0-namespace.k8s.yaml', 'us-central/team-a/frontend-a.k8s.yaml',
  ]);
  expect(ofKind(teamFiles['us-central/team-a/frontend-a.k8s.yaml'], 'ReferenceGrant')[0].spec.to).toEqual([{ group: 'net.gke.io', kind: 'ServiceImport', name: 'a-serve-svc' }]);
  expect(clusterPlan(planModels(teams), 'deploy/x').clusters.map((c) => [c.name, c.namespaces, c.modelNamespaces, c.nodePools.length])).toEqual([
    ['us-central', ['llm-gateway', 'team-a'], [], 0],
    ['europe-west', ['team-a'], ['team-a'], 1],
  ]);
  expect(buildRouteTable(Object.values(teamFiles).flat()).problems).toEqual([]);
});

test('bad fleets are errors', () => {
  const model = { id: 'a', source: 'o/a' };
  const two = [{ name: 'one', region: 'us-central1', proxySubnetRange: '10.0.0.0/24' }, { name: 'two', region: 'europe-west4', proxySubnetRange: '10.0.1.0/24' }];
  expect(problems({ clusters: two, models: [model] })).toEqual([
    expect.stringMatching(/^gateway: className "gke-l7-rilb" is not a multi-cluster gateway class, which a list with clusters needs/),
  ]);
  expect(problems({ gateway: { className: 'gke-l7-global-external-managed-mc' }, models: [{ ...model, clusters: ['one'] }] })).toEqual([
    'models[0] "a": clusters is set but the list has no clusters',
    expect.stringMatching(/^gateway: className "gke-l7-global-external-managed-mc" is not a single-cluster GKE gateway class/),
  ]);
  expect(problems({ gateway: { className: 'gke-l7-rilb-mc', bodyBasedRouting: false }, clusters: two, models: [model] })).toEqual([
    'gateway: className "gke-l7-rilb-mc" is regional, but the clusters are in us-central1, europe-west4; use gke-l7-cross-regional-internal-managed-mc or gke-l7-global-external-managed-mc',
  ]);
  expect(problems({
    gateway: { className: 'gke-l7-cross-regional-internal-managed-mc' },
    clusters: [
      { name: 'one', region: 'us-central1', config: true, proxySubnetRange: '192.168.10.0/24' },
      { name: 'one', region: 'us-central1', config: true, proxySubnetRange: '10.9.0.0/24' },
      { name: 'Three', region: 'moon', location: 'europe-west4-a', proxySubnetRange: '10.3.0.0/24' },
      { name: 'four', region: 'europe-west4', proxySubnetRange: '192.168.10.0/24' },
    ],
    models: [{ ...model, clusters: ['five'] }],
  })).toEqual([
    'clusters[2] "Three": name "Three" is not a GKE cluster name (lowercase letters, digits, "-", at most 40, starting with a letter)',
    'clusters[2] "Three": region "moon" is not a region such as us-central1',
    'clusters[2] "Three": location "europe-west4-a" is not moon or a zone of it',
    'clusters: one, one are all config clusters; mark exactly one',
    'clusters: "one" is listed twice',
    'clusters "one": proxySubnetRange 10.9.0.0/24 differs from 192.168.10.0/24 of another cluster in us-central1; a region has one proxy-only subnet',
    'clusters: regions europe-west4 and us-central1 both use proxySubnetRange 192.168.10.0/24; set a distinct proxySubnetRange per region',
    'models[0] "a": clusters names "five", which is not in the list\'s clusters (one, one, Three, four)',
  ]);
});

test('the router values and Gateway are the same as with one cluster (the router runs in the config cluster)', () => {
  const gateway = ofKind(inFolder('us-central'), 'Gateway')[0];
  expect(gateway.metadata.name).toBe('ray-multi-model-gateway');
  expect(parse(JSON.stringify(gateway.spec.listeners))).toEqual([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }]);
});
