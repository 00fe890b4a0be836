/** Team namespaces: models in their own namespaces, routes with the Gateway, grants exactly as broad as needed. */
import { ModelListError, planModels } from '../lib';
import { K8sObject, ofKind, synthFiles, synthObjects } from './support/synth';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { clusterSteps } from '../lib/plan/cluster-steps';

const list = {
  namespace: 'llm-gateway',
  models: [
    { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
    { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', namespace: 'team-a', canary: { weight: 20, image: 'rayproject/ray-llm:2.55.0-py311-cu128', rayVersion: '2.55.0' } },
    { id: 'llama-3.1-8b', source: 'meta-llama/Llama-3.1-8B-Instruct', namespace: 'team-b', pathPrefix: '/llama', engineKwargs: { max_model_len: 8192 } },
    { id: 'mistral-7b', source: 'mistralai/Mistral-7B-Instruct-v0.3', namespace: 'team-a' },
  ],
};
const objects = synthObjects(list);

/** Problems: cross-namespace backendRefs without a grant, and grants broader than the refs need. */
function grantProblems(all: K8sObject[]): string[] {
  const problems: string[] = [];
  const refs = new Set<string>(); // "<route ns>-><service ns>/<service>"
  const grants = ofKind(all, 'ReferenceGrant');
  for (const route of ofKind(all, 'HTTPRoute')) {
    const routeNs = route.metadata.namespace!;
    for (const rule of route.spec.rules) {
      for (const ref of rule.backendRefs ?? []) {
        if (!ref.namespace || ref.namespace === routeNs) continue;
        refs.add(`${routeNs}->${ref.namespace}/${ref.name}`);
        const covered = grants.some((g) => g.metadata.namespace === ref.namespace
          && g.spec.from.some((f: any) => f.group === 'gateway.networking.k8s.io' && f.kind === 'HTTPRoute' && f.namespace === routeNs)
          && g.spec.to.some((t: any) => t.group === '' && t.kind === 'Service' && (t.name === undefined || t.name === ref.name)));
        if (!covered) problems.push(`${route.metadata.name} -> ${ref.namespace}/${ref.name}: no ReferenceGrant`);
      }
    }
  }
  for (const grant of grants) {
    for (const from of grant.spec.from) {
      for (const to of grant.spec.to) {
        if (to.name === undefined) problems.push(`${grant.metadata.name}: grants every ${to.kind} of ${grant.metadata.namespace}`);
        else if (!refs.has(`${from.namespace}->${grant.metadata.namespace}/${to.name}`)) problems.push(`${grant.metadata.name}: grants ${to.name}, which no route of ${from.namespace} uses`);
      }
    }
  }
  return problems;
}

test('each model lives in its namespace: RayService, health check and backend policy', () => {
  const where = (kind: string) => ofKind(objects, kind).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  expect(where('RayService')).toEqual(['llm-gateway/gemma-2b-it', 'team-a/qwen-25-3b', 'team-a/qwen-25-3b-canary', 'team-b/llama-31-8b', 'team-a/mistral-7b']);
  expect(where('HealthCheckPolicy').map((n) => n.split('/')[0])).toEqual(['llm-gateway', 'team-a', 'team-a', 'team-b', 'team-a']);
  expect(where('GCPBackendPolicy').map((n) => n.split('/')[0])).toEqual(['llm-gateway', 'team-a', 'team-a', 'team-b', 'team-a']);
});

test('the Gateway and the routes stay in the Gateway namespace, reaching team Services by namespace', () => {
  expect(ofKind(objects, 'Gateway')[0].metadata.namespace).toBe('llm-gateway');
  const [route] = ofKind(objects, 'HTTPRoute');
  expect(route.metadata.namespace).toBe('llm-gateway');
  expect(route.spec.rules.map((r: any) => r.backendRefs.map((b: any) => `${b.namespace ?? '(same)'}/${b.name}`))).toEqual([
    ['(same)/gemma-2b-it-serve-svc'],
    ['team-a/qwen-25-3b-serve-svc', 'team-a/qwen-25-3b-canary-serve-svc'],
    ['team-b/llama-31-8b-serve-svc'],
    ['team-b/llama-31-8b-serve-svc'],
    ['team-a/mistral-7b-serve-svc'],
  ]);
});

test('a ReferenceGrant in each team namespace admits exactly the routes of the Gateway namespace to exactly the model Services', () => {
  expect(ofKind(objects, 'ReferenceGrant').map((g) => [g.metadata.namespace, g.metadata.name, g.spec])).toEqual([
    ['team-a', 'qwen-25-3b-route-grant', {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'llm-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'qwen-25-3b-serve-svc' }, { group: '', kind: 'Service', name: 'qwen-25-3b-canary-serve-svc' }],
    }],
    ['team-b', 'llama-31-8b-route-grant', {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'llm-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'llama-31-8b-serve-svc' }],
    }],
    ['team-a', 'mistral-7b-route-grant', {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'llm-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'mistral-7b-serve-svc' }],
    }],
  ]);
  expect(grantProblems(objects)).toEqual([]);
});

test('the grant check catches a missing grant and a broader one', () => {
  const broken = objects.filter((o) => !(o.kind === 'ReferenceGrant' && o.metadata.name === 'mistral-7b-route-grant'));
  const broad = ofKind(broken, 'ReferenceGrant').find((g) => g.metadata.namespace === 'team-b')!;
  broad.spec.to.push({ group: '', kind: 'Service' });
  expect(grantProblems(broken)).toEqual([
    'ray-multi-model-route -> team-a/mistral-7b-serve-svc: no ReferenceGrant',
    'llama-31-8b-route-grant: grants every Service of team-b',
  ]);
});

test('models in the Gateway namespace need no grant', () => {
  expect(ofKind(synthObjects({ models: [{ id: 'a', source: 'o/a' }] }), 'ReferenceGrant')).toEqual([]);
});

test('output is one folder per namespace, so each team can own its folder', () => {
  expect(Object.keys(synthFiles(list)).sort()).toEqual([
    'llm-gateway/0-namespace.k8s.yaml',
    'llm-gateway/gateway.k8s.yaml',
    'llm-gateway/identity.k8s.yaml',
    'llm-gateway/model-gemma-2b-it.k8s.yaml',
    'team-a/0-namespace.k8s.yaml',
    'team-a/identity.k8s.yaml',
    'team-a/model-mistral-7b.k8s.yaml',
    'team-a/model-qwen-25-3b.k8s.yaml',
    'team-b/0-namespace.k8s.yaml',
    'team-b/identity.k8s.yaml',
    'team-b/model-llama-31-8b.k8s.yaml',
  ]);
  for (const [file, fileObjects] of Object.entries(synthFiles(list))) {
    for (const object of fileObjects) expect(object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace).toBe(file.split('/')[0]);
  }
});

test('the cluster plan lists every namespace a RayService runs in (each needs the token Secret)', () => {
  expect(clusterPlan(planModels(list), 'deploy/router-values.yaml').modelNamespaces).toEqual(['llm-gateway', 'team-a', 'team-b']);
});

test('the same name may run in two namespaces; an invalid namespace is an error', () => {
  expect(() => planModels({ models: [{ id: 'a', source: 'o/a', name: 'm' }, { id: 'b', source: 'o/b', name: 'm', namespace: 'team-b' }] })).not.toThrow();
  try {
    planModels({ models: [{ id: 'a', source: 'o/a', namespace: 'Team A' }] });
    throw new Error('accepted');
  } catch (error) {
    expect((error as ModelListError).problems).toEqual([
      'models[0] "a": namespace "Team A" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
    ]);
  }
});

test('dist/ holds a Namespace object for every namespace the list creates, first in its folder; none for default', () => {
  const files = synthFiles(list);
  const namespaceFiles = Object.keys(files).filter((f) => ofKind(files[f], 'Namespace').length > 0);
  expect(namespaceFiles).toEqual(['llm-gateway/0-namespace.k8s.yaml', 'team-a/0-namespace.k8s.yaml', 'team-b/0-namespace.k8s.yaml']);
  for (const file of namespaceFiles) {
    const folder = file.split('/')[0];
    expect(files[file]).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: folder } }]);
    // kubectl apply -R walks a folder in lexical order: the Namespace comes before every other file of it.
    expect(Object.keys(files).filter((f) => f.startsWith(`${folder}/`)).sort()[0]).toBe(file);
  }
  // Every object's namespace has its Namespace object (or is default).
  const created = new Set(ofKind(Object.values(files).flat(), 'Namespace').map((n) => n.metadata.name));
  for (const object of Object.values(files).flat()) if (object.metadata.namespace) expect(['default', ...created]).toContain(object.metadata.namespace);
  expect(ofKind(synthObjects({ models: [{ id: 'a', source: 'o/a' }] }), 'Namespace')).toEqual([]);
});

test('the cluster script creates exactly the namespaces dist/ has Namespace objects for', () => {
  const withDefault = { ...list, models: [...list.models, { id: 'x', source: 'o/x', namespace: 'default' }] };
  const steps = clusterSteps(clusterPlan(planModels(withDefault), 'deploy'));
  const fromSteps = steps.filter((s) => s.phase === 'up' && s.id.startsWith('namespace:')).map((s) => s.id.split('/')[1]);
  const fromDist = ofKind(synthObjects(withDefault), 'Namespace').map((n) => n.metadata.name);
  expect(fromSteps.sort()).toEqual(['llm-gateway', 'team-a', 'team-b']);
  expect(fromDist.sort()).toEqual(fromSteps);
});
