/**
 * The list is checked against its schema once, at the border (lib/list/check-list.ts), before it is
 * planned: the planner gets a typed list, a wrong value never reaches it (it cannot crash on one),
 * and the problems of both steps are reported together, the type problems first.
 */
import { ModelListError } from '../lib';
import { checkModelList } from '../lib/list/check-list';
import { listProblems, planAnyList } from './support/problems';

const model = { id: 'a', source: 'google/gemma-2b-it' };

/** A list with every section and most fields set, each to a valid value. */
const RICH = {
  namespace: 'llm',
  gateway: { name: 'gw', routeName: 'r', ruleTimeouts: false, bodyBasedRouting: true, tls: { certificateSecret: 'tls', hostnames: ['a.example.com'], http: 'redirect' } },
  huggingFaceSecret: { name: 'hf', key: 'token' },
  network: { proxySubnetRange: '192.168.10.0/24' },
  security: { networkPolicies: true, podSecurity: true, operatorNamespace: 'ray-system', egress: 'open', networkPolicyEnforcement: 'required' },
  governance: { apigee: { location: 'global', environment: 'prod', failOpen: false, timeoutMilliseconds: 1000 } },
  upgrade: 'newCluster',
  modelCache: { bucket: 'my-bucket', allModels: false },
  gitops: { repoURL: 'https://g/r.git', revision: 'main', path: 'dist', argocd: { namespace: 'argocd', project: 'default' } },
  defaultModel: 'a',
  models: [
    {
      ...model, name: 'a', accelerator: 'nvidia-l4', gpusPerReplica: 1, minReplicas: 1, maxReplicas: 2, engineKwargs: { max_model_len: 4096 },
      image: 'rayproject/ray-llm:2.54.0-py311-cu128', rayVersion: '2.54.0', head: { cpu: '2', memory: '8Gi' }, worker: { cpu: 6, memory: '24Gi' },
      env: { A: 'x', B: { secretKeyRef: { name: 's', key: 'k' } } }, upgrade: 'none', haProxy: true, adapters: ['x'], loraStoragePath: 'gs://b/l',
      maxAdaptersPerReplica: 4, timeoutSeconds: 60, pathPrefix: '/a', modelCache: true, weightsGiB: 5, allowKvCacheShortfall: 'ok',
      allowUnknownEngineKwargs: 'why', namespace: 'team-a', canary: { weight: 10, name: 'a-c', minReplicas: 1, modelCache: false },
    },
    { id: 'b', source: 'org/b' },
  ],
};

/** Every path to a value in `value` (`["models", "0", "env", "B"]`). */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

function withValue(list: object, path: string[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(list));
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  at[path[path.length - 1]] = value;
  return copy;
}

test('the rich list is accepted as it is', () => {
  expect(planAnyList(RICH).models).toHaveLength(2);
});

test('a value of the wrong type anywhere in the list is one clear problem, never a crash of the planner', () => {
  const wrong = [5, 'x', '', true, [], {}, null, [5], -1, 1.5];
  const crashes: string[] = [];
  for (const path of paths(RICH).filter((p) => p.length > 0)) {
    for (const value of wrong) {
      try {
        planAnyList(withValue(RICH, path, value));
      } catch (error) {
        if (!(error instanceof ModelListError)) crashes.push(`${path.join('.')} = ${JSON.stringify(value)}: ${(error as Error).message}`);
      }
    }
  }
  expect(crashes).toEqual([]);
});

test('type problems and what-it-means problems are reported together, the type problems first', () => {
  expect(listProblems({ models: [{ ...model, minReplicas: 3, maxReplicas: 1 }, { id: 'b', source: 'org/b', gpusPerReplica: 'two' }] })).toEqual([
    'models[1] "b": gpusPerReplica must be a whole number from 1 to 16 (got "two")',
    'models[0] "a": minReplicas (3) is greater than maxReplicas (1)',
  ]);
});

test('a wrong value is left out of the typed list (the default stands in), so it causes no second problem', () => {
  const { list, problems, modelPlaces } = checkModelList({ models: [{ ...model, gpusPerReplica: 'two', minReplicas: 3, maxReplicas: 'x' }] });
  expect(problems.list).toEqual([
    'models[0] "a": gpusPerReplica must be a whole number from 1 to 16 (got "two")',
    'models[0] "a": maxReplicas must be a whole number from 1 to 1000 (got "x")',
  ]);
  expect(list.models[0].gpusPerReplica).toBeUndefined();
  expect(modelPlaces).toEqual(['models[0] "a"']);
  // As before the border check: the wrong maxReplicas reads as the default 2, not as "the default" left out.
  expect(listProblems({ models: [{ ...model, minReplicas: 3, maxReplicas: 'x' }] })).toEqual([
    'models[0] "a": maxReplicas must be a whole number from 1 to 1000 (got "x")',
    'models[0] "a": minReplicas (3) is greater than maxReplicas (2)',
  ]);
});

test('a model that is not a map keeps the places of the others', () => {
  expect(listProblems({ models: [5, { ...model, minReplicas: 3, maxReplicas: 1 }] })).toEqual([
    'models[0]: must be a map with at least id and source',
    'models[1] "a": minReplicas (3) is greater than maxReplicas (1)',
  ]);
});
