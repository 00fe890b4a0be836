/** Locking down Ray: who may reach which port of a Ray cluster, and how the pods run. */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, ModelListError, planModels } from '../lib';
import { RICH_LIST } from './support/lists';
import { egressAllowed, ingressAllowed, inCidr, policyPeers, selectsEveryNamespace, Source, Target } from './support/network-policy';
import { defaultList, ofKind, ROOT, synthObjects } from './support/synth';
import { listProblems } from './support/problems';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { clusterSteps } from '../lib/plan/cluster-steps';

const list = {
  namespace: 'llm',
  network: { proxySubnetRange: '10.129.0.0/23' },
  models: [
    { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
    { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', canary: { weight: 10, image: 'rayproject/ray-llm:2.55.0-py311-cu128', rayVersion: '2.55.0' } },
    { id: 'llama', source: 'meta-llama/Llama-3.1-8B-Instruct', namespace: 'team-b', engineKwargs: { max_model_len: 8192 } },
  ],
};
const objects = synthObjects(list);

/** A pod of a model's Ray cluster, with the labels the RayService gives it. */
function rayPod(namespace: string, rayService: string): Target {
  const service = ofKind(objects, 'RayService').find((r) => r.metadata.name === rayService && r.metadata.namespace === namespace)!;
  return { namespace, labels: { ...service.spec.rayClusterConfig.headGroupSpec.template.metadata.labels, 'ray.io/node-type': 'head' } };
}
const pod = (namespace: string, labels: Record<string, string> = {}): Source => ({ pod: { namespace, labels } });

const gemmaHead = rayPod('llm', 'gemma-2b-it');
const RAY_PORTS = { dashboard: 8265, gcs: 6379, client: 10001 };

describe('the Ray head\'s unauthenticated ports', () => {
  const others: [string, Source][] = [
    ['a pod of another model\'s Ray cluster', pod('llm', { 'ray-llm-gateway/ray-service': 'qwen-25-3b' })],
    ['the same model\'s canary cluster', pod('llm', { 'ray-llm-gateway/ray-service': 'qwen-25-3b-canary' })],
    ['any other pod of the namespace', pod('llm', { app: 'shell' })],
    ['a pod of another namespace', pod('team-b', { 'ray-llm-gateway/ray-service': 'gemma-2b-it' })],
    ['the router', pod('llm', { app: 'body-based-router' })],
    ['the managed Prometheus collectors', pod('gmp-system', { app: 'collector' })],
    ['the load balancer\'s proxy-only subnet', { ip: '10.129.0.7' }],
    ['a health checker', { ip: '35.191.3.4' }],
    ['anywhere else', { ip: '203.0.113.9' }],
  ];

  test.each(Object.entries(RAY_PORTS))('%s (%i) is reachable from the cluster\'s own pods only', (_name, port) => {
    expect(ingressAllowed(objects, gemmaHead, port, pod('llm', { 'ray-llm-gateway/ray-service': 'gemma-2b-it', 'ray.io/node-type': 'worker' }))).toBe(true);
    for (const [who, source] of others) expect({ who, allowed: ingressAllowed(objects, gemmaHead, port, source) }).toEqual({ who, allowed: false });
  });

  test('GCS and client are closed to the KubeRay operator too; the dashboard (Serve deployment and status) is not', () => {
    const operator = pod('kube-system', { 'app.kubernetes.io/component': 'kuberay-operator' });
    expect(ingressAllowed(objects, gemmaHead, RAY_PORTS.gcs, operator)).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, RAY_PORTS.client, operator)).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, RAY_PORTS.dashboard, operator)).toBe(true);
  });
});

describe('the KubeRay operator peer names the operator\'s namespace', () => {
  const operatorLabel = { 'app.kubernetes.io/component': 'kuberay-operator' };
  test.each([['dashboard', 8265], ['Serve', 8000]])('a pod elsewhere that labels itself as the operator is refused on the %s (%i)', (_name, port) => {
    expect(ingressAllowed(objects, gemmaHead, port, pod('kube-system', operatorLabel))).toBe(true);
    for (const namespace of ['attacker', 'llm', 'team-b', 'default', 'kuberay-system']) {
      expect({ namespace, allowed: ingressAllowed(objects, gemmaHead, port, pod(namespace, operatorLabel)) }).toEqual({ namespace, allowed: false });
    }
  });

  test('the API server proxy path (--use-kubernetes-proxy) arrives from konnectivity-agent pods of kube-system: admitted on 8265 and 8000 only', () => {
    const agent = { 'k8s-app': 'konnectivity-agent' };
    for (const port of [8265, 8000]) expect(ingressAllowed(objects, gemmaHead, port, pod('kube-system', agent))).toBe(true);
    for (const port of [RAY_PORTS.gcs, RAY_PORTS.client, 8080]) expect(ingressAllowed(objects, gemmaHead, port, pod('kube-system', agent))).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, 8265, pod('attacker', agent))).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, 8265, pod('kube-system', { 'k8s-app': 'kube-dns' }))).toBe(false);
  });

  test('security.operatorNamespace moves the peer; an invalid namespace is an error', () => {
    const moved = synthObjects({ ...list, security: { operatorNamespace: 'kuberay-system' } });
    const head = { ...gemmaHead };
    expect(ingressAllowed(moved, head, 8265, pod('kuberay-system', operatorLabel))).toBe(true);
    expect(ingressAllowed(moved, head, 8265, pod('kube-system', operatorLabel))).toBe(false);
    expect(() => planModels({ security: { operatorNamespace: 'Kube_System' }, models: [{ id: 'a', source: 'o/a' }] })).toThrow(
      'security: operatorNamespace "Kube_System" is not a DNS-1123 label',
    );
  });
});

/** Every model list the tests and examples synthesize, with egress open and restricted. */
function everyList(): [string, unknown][] {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f))
    .map((f): [string, unknown] => [`examples/${f}`, loadModelList(path.join(ROOT, 'examples', f))]);
  const lists: [string, unknown][] = [['models.yaml', defaultList()], ['RICH_LIST', RICH_LIST], ['security list', list], ...examples];
  return lists.flatMap(([name, l]) => [[name, l], [`${name} (egress restricted)`, { ...(l as object), security: { ...(l as any).security, egress: 'restricted' } }]]);
}

test('no peer of any policy, in any list, selects pods in every namespace', () => {
  const lists = everyList();
  expect(lists.length).toBeGreaterThanOrEqual(8);
  for (const [name, l] of lists) {
    const peers = policyPeers(synthObjects(l));
    expect({ name, hasPeers: peers.length > 0 }).toEqual({ name, hasPeers: true });
    expect({ name, open: peers.filter(({ peer }) => selectsEveryNamespace(peer)) }).toEqual({ name, open: [] });
  }
  // The check itself can fail: the old operator peer would.
  expect(selectsEveryNamespace({ namespaceSelector: {}, podSelector: { matchLabels: { a: 'b' } } })).toBe(true);
});

describe('egress: open by default, restricted on request', () => {
  const restricted = synthObjects({ ...list, security: { egress: 'restricted' } });
  const worker = { namespace: 'llm', labels: { 'ray-llm-gateway/ray-service': 'gemma-2b-it', 'ray.io/node-type': 'worker' } };

  test('by default a Ray pod may connect anywhere (no egress policy)', () => {
    expect(ofKind(objects, 'NetworkPolicy').filter((p) => p.spec.policyTypes.includes('Egress'))).toEqual([]);
    expect(egressAllowed(objects, gemmaHead, { ip: '203.0.113.9' }, 25)).toBe(true);
  });

  test('restricted: DNS, the Ray cluster\'s own pods, the metadata server and HTTPS out; nothing else', () => {
    expect(ofKind(restricted, 'NetworkPolicy').filter((p) => p.spec.policyTypes.includes('Egress')).map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'llm/gemma-2b-it-ray-egress', 'llm/qwen-25-3b-ray-egress', 'llm/qwen-25-3b-canary-ray-egress', 'team-b/llama-ray-egress',
    ]);
    const allowed: [string, Source, number, 'TCP' | 'UDP'][] = [
      ['kube-dns over UDP', pod('kube-system', { 'k8s-app': 'kube-dns' }), 53, 'UDP'],
      ['kube-dns over TCP', pod('kube-system', { 'k8s-app': 'kube-dns' }), 53, 'TCP'],
      ['Cloud DNS on the node', { ip: '169.254.169.254' }, 53, 'UDP'],
      ['NodeLocal DNSCache', { ip: '169.254.20.10' }, 53, 'UDP'],
      ['the metadata server', { ip: '169.254.169.254' }, 80, 'TCP'],
      ['the GKE metadata server (Dataplane V2)', { ip: '169.254.169.252' }, 988, 'TCP'],
      ['its worker, any port (GCS)', pod('llm', worker.labels), 6379, 'TCP'],
      ['Hugging Face over HTTPS', { ip: '18.164.174.118' }, 443, 'TCP'],
    ];
    const refused: [string, Source, number, 'TCP' | 'UDP'][] = [
      ['plain HTTP out', { ip: '18.164.174.118' }, 80, 'TCP'],
      ['SSH out', { ip: '203.0.113.9' }, 22, 'TCP'],
      ['DNS to an outside resolver', { ip: '8.8.8.8' }, 53, 'UDP'],
      ['a pod spoofing kube-dns in another namespace', pod('attacker', { 'k8s-app': 'kube-dns' }), 53, 'UDP'],
      ['another model\'s Ray head', pod('llm', { 'ray-llm-gateway/ray-service': 'qwen-25-3b' }), 6379, 'TCP'],
      ['a database in the cluster', pod('data', { app: 'postgres' }), 5432, 'TCP'],
    ];
    for (const [what, to, port, protocol] of allowed) expect({ what, allowed: egressAllowed(restricted, gemmaHead, to, port, protocol) }).toEqual({ what, allowed: true });
    for (const [what, to, port, protocol] of refused) expect({ what, allowed: egressAllowed(restricted, gemmaHead, to, port, protocol) }).toEqual({ what, allowed: false });
  });

  test('an unknown egress mode is an error', () => {
    expect(() => planModels({ security: { egress: 'closed' }, models: [{ id: 'a', source: 'o/a' }] })).toThrow('security: egress "closed" must be one of open, restricted');
  });
});

describe('Serve (8000)', () => {
  test('admits the proxy-only subnet from the list and the health checkers, nothing else outside the cluster', () => {
    expect(inCidr('10.129.1.255', '10.129.0.0/23')).toBe(true);
    for (const ip of ['10.129.0.7', '10.129.1.200', '35.191.0.1', '35.191.255.254', '130.211.0.1', '130.211.3.255']) {
      expect({ ip, allowed: ingressAllowed(objects, gemmaHead, 8000, { ip }) }).toEqual({ ip, allowed: true });
    }
    for (const ip of ['10.129.2.1', '192.168.10.5', '130.211.4.1', '8.8.8.8']) {
      expect({ ip, allowed: ingressAllowed(objects, gemmaHead, 8000, { ip }) }).toEqual({ ip, allowed: false });
    }
    expect(ingressAllowed(objects, gemmaHead, 8000, pod('llm', { app: 'shell' }))).toBe(false);
  });

  test('Ray\'s metrics port is open to managed Prometheus only', () => {
    const collector = { 'app.kubernetes.io/name': 'collector' };
    expect(ingressAllowed(objects, gemmaHead, 8080, pod('gmp-system', collector))).toBe(true);
    // Only the collectors, only there, only on the metrics port.
    expect(ingressAllowed(objects, gemmaHead, 8080, pod('gmp-system', { 'app.kubernetes.io/name': 'rule-evaluator' }))).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, 8080, pod('llm', collector))).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, 8265, pod('gmp-system', collector))).toBe(false);
    expect(ingressAllowed(objects, gemmaHead, 8080, pod('llm', { app: 'shell' }))).toBe(false);
  });
});

test('one policy per Ray cluster (canaries included), in the model\'s namespace, selecting exactly its pods', () => {
  expect(ofKind(objects, 'NetworkPolicy').map((p) => [p.metadata.namespace, p.metadata.name, p.spec.podSelector, p.spec.policyTypes])).toEqual([
    ['llm', 'gemma-2b-it-ray-ingress', { matchLabels: { 'ray-llm-gateway/ray-service': 'gemma-2b-it' } }, ['Ingress']],
    ['llm', 'qwen-25-3b-ray-ingress', { matchLabels: { 'ray-llm-gateway/ray-service': 'qwen-25-3b' } }, ['Ingress']],
    ['llm', 'qwen-25-3b-canary-ray-ingress', { matchLabels: { 'ray-llm-gateway/ray-service': 'qwen-25-3b-canary' } }, ['Ingress']],
    ['team-b', 'llama-ray-ingress', { matchLabels: { 'ray-llm-gateway/ray-service': 'llama' } }, ['Ingress']],
  ]);
  for (const service of ofKind(objects, 'RayService')) {
    const cluster = service.spec.rayClusterConfig;
    for (const template of [cluster.headGroupSpec.template, ...cluster.workerGroupSpecs.map((g: any) => g.template)]) {
      expect(template.metadata.labels).toEqual({ 'ray-llm-gateway/ray-service': service.metadata.name });
    }
  }
});

test('pods run as the non-root ray user, without privilege escalation or capabilities, with the default seccomp profile', () => {
  for (const service of ofKind(objects, 'RayService')) {
    const cluster = service.spec.rayClusterConfig;
    for (const template of [cluster.headGroupSpec.template, ...cluster.workerGroupSpecs.map((g: any) => g.template)]) {
      expect(template.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 100, fsGroup: 100, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of template.spec.containers) {
        expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
    }
  }
});

test('both can be turned off; a bad proxy range is an error', () => {
  const open = synthObjects({ ...list, security: { networkPolicies: false, podSecurity: false } });
  expect(ofKind(open, 'NetworkPolicy')).toEqual([]);
  expect(ofKind(open, 'RayService')[0].spec.rayClusterConfig.headGroupSpec.template.spec.securityContext).toBeUndefined();
  try {
    planModels({ network: { proxySubnetRange: '10.0.0.0/33' }, security: { networkPolicy: true }, models: [{ id: 'a', source: 'o/a' }] });
    throw new Error('accepted');
  } catch (error) {
    expect((error as ModelListError).problems).toEqual([
      'network: proxySubnetRange "10.0.0.0/33" is not an IPv4 CIDR such as 192.168.10.0/24',
      'security: unknown field "networkPolicy" (did you mean "networkPolicyEnforcement"? known: networkPolicies, podSecurity, operatorNamespace, egress, networkPolicyEnforcement)',
    ]);
  }
});

test('networkPolicyEnforcement: required (default) or unenforced-ok; the cluster steps check only where policies are written', () => {
  expect(listProblems({ security: { networkPolicyEnforcement: 'off' }, models: [{ id: 'a', source: 'o/a' }] })).toEqual([
    'security: networkPolicyEnforcement "off" must be one of required, unenforced-ok',
  ]);
  const checks = (security: unknown) => clusterSteps(clusterPlan(planModels({ security, models: [{ id: 'a', source: 'o/a' }] }), 'deploy/router-values.yaml'))
    .find((s) => s.id === 'cluster:{cluster}' && s.phase === 'up')!.observe!.map((o) => [o.accept, o.stop ? 'stop' : o.warn ? 'warn' : 'none']);
  expect(checks({})).toEqual([[['ADVANCED_DATAPATH,*', '*,True'], 'stop']]);
  expect(checks({ networkPolicyEnforcement: 'unenforced-ok' })).toEqual([[['ADVANCED_DATAPATH,*', '*,True'], 'warn']]);
  expect(checks({ networkPolicies: false })).toEqual([]);
});

describe('workload identity: the Ray pods run as ray-llm, with an API token only where the autoscaler needs it', () => {
  const fixed = { id: 'fixed', source: 'o/fixed', namespace: 'team-a' };
  const scaled = { id: 'scaled', source: 'o/scaled', namespace: 'team-a', minReplicas: 1, maxReplicas: 3 };
  const identityObjects = synthObjects({ models: [fixed, scaled, { id: 'other', source: 'o/other' }] });

  test('one ServiceAccount ray-llm per model namespace, its token not mounted', () => {
    expect(ofKind(identityObjects, 'ServiceAccount').map((a) => [a.metadata.namespace, a.metadata.name, (a as any).automountServiceAccountToken])).toEqual([
      ['team-a', 'ray-llm', false],
      ['default', 'ray-llm', false],
    ]);
  });

  test('head and workers name it; workers never mount a token, the head only with autoscaling (KubeRay binds the autoscaler Role to it)', () => {
    const pods = (id: string) => {
      const cluster = ofKind(identityObjects, 'RayService').find((s) => s.metadata.name === id)!.spec.rayClusterConfig;
      return [cluster.headGroupSpec.template.spec, cluster.workerGroupSpecs[0].template.spec].map((p: any) => [p.serviceAccountName, p.automountServiceAccountToken]);
    };
    expect(pods('fixed')).toEqual([['ray-llm', false], ['ray-llm', false]]);
    expect(pods('scaled')).toEqual([['ray-llm', true], ['ray-llm', false]]);
    expect(ofKind(identityObjects, 'RayService').find((s) => s.metadata.name === 'scaled')!.spec.rayClusterConfig.enableInTreeAutoscaling).toBe(true);
  });
});

test('a gs:// source or adapter folder must name a Cloud Storage bucket (the cluster steps grant access to it)', () => {
  expect(listProblems({ models: [{ id: 'a', source: 'gs://Bad_Bucket!/m' }, { id: 'b', source: 'o/b', adapters: ['x'], loraStoragePath: 'gs://X/y' }] })).toEqual([
    'models[0] "a": source "gs://Bad_Bucket!/m": "Bad_Bucket!" is not a Cloud Storage bucket name (lowercase letters, digits, "-", "_", ".")',
    'models[1] "b": loraStoragePath "gs://X/y": "X" is not a Cloud Storage bucket name (lowercase letters, digits, "-", "_", ".")',
  ]);
  const grants = clusterPlan(planModels({ models: [{ id: 'a', source: 'gs://w-1/a', canary: { weight: 5, source: 'gs://w-2/a' } }, { id: 'b', source: 'gs://w-1/b' }] }), 'x').bucketGrants;
  expect(grants).toEqual([{ bucket: 'w-1', namespace: 'default' }, { bucket: 'w-2', namespace: 'default' }]);
});
