/** Bad model lists fail with one clear message per problem, naming the model and the field. */
import { planModels } from '../lib';
import { listProblems } from './support/problems';
import { nameFromModelId, rayServiceNameProblem } from '../lib/plan/names';

const ok = { id: 'gemma-2b-it', source: 'google/gemma-2b-it' };

const problems = listProblems;

describe('names', () => {
  test.each([
    ['qwen-2.5-3b', 'qwen-25-3b'],
    ['gemma-2b-it', 'gemma-2b-it'],
    ['Llama-3.1-8B-Instruct', 'llama-31-8b-instruct'],
    ['org/model_name v2', 'org-model-name-v2'],
    ['--odd--', 'odd'],
  ])('%s -> %s', (id, name) => {
    expect(nameFromModelId(id)).toBe(name);
    expect(rayServiceNameProblem(name)).toBeUndefined();
  });

  test('47 characters is the longest RayService name', () => {
    expect(rayServiceNameProblem('a'.repeat(47))).toBeUndefined();
    expect(rayServiceNameProblem('a'.repeat(48))).toMatch(/48 characters long; KubeRay allows at most 47/);
  });
});

describe('bad model lists', () => {
  test('a duplicate id names both models', () => {
    expect(problems({ models: [ok, { ...ok, source: 'other/source' }] })).toEqual([
      'models[1] "gemma-2b-it": id "gemma-2b-it" is already used by models[0] "gemma-2b-it"',
    ]);
  });

  test('two ids that derive the same name collide', () => {
    expect(problems({ models: [{ id: 'qwen-2.5-3b', source: 'a/b' }, { id: 'qwen-25-3b', source: 'a/c' }] })).toEqual([
      'models[1] "qwen-25-3b": name "qwen-25-3b" collides with models[0] "qwen-2.5-3b"; set a distinct name',
    ]);
  });

  test('an empty or missing id or source', () => {
    expect(problems({ models: [{ source: 'a/b' }] })).toEqual(['models[0]: id is required']);
    expect(problems({ models: [{ id: '', source: 'a/b' }, { id: 'x' }] })).toEqual([
      'models[0]: id must be a non-empty string (got "")',
      'models[1] "x": source is required',
    ]);
  });

  test('an id that is no valid name after sanitising, and one that is too long', () => {
    expect(problems({ models: [{ id: '3b-model', source: 'a/b' }, { id: 'm'.repeat(48), source: 'a/b' }, { id: '...', source: 'a/b' }] })).toEqual([
      'models[0] "3b-model": name "3b-model" (derived from id) is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending with a letter or digit); set name to a valid one',
      `models[1] "${'m'.repeat(48)}": name "${'m'.repeat(48)}" (derived from id) is 48 characters long; KubeRay allows at most 47; set name to a valid one`,
      'models[2] "...": name "" (derived from id) is empty; set name to a valid one',
    ]);
  });

  test('an explicit invalid name', () => {
    expect(problems({ models: [{ ...ok, name: 'Gemma_2B' }] })).toEqual([
      'models[0] "gemma-2b-it": name "Gemma_2B" is not a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending with a letter or digit)',
    ]);
  });

  test('min > max replicas, also against the default max', () => {
    expect(problems({ models: [{ ...ok, minReplicas: 3, maxReplicas: 1 }, { id: 'b', source: 'a/b', minReplicas: 3 }] })).toEqual([
      'models[0] "gemma-2b-it": minReplicas (3) is greater than maxReplicas (1)',
      'models[1] "b": minReplicas (3) is greater than maxReplicas (2, the default)',
    ]);
  });

  test('replica counts and GPUs must be whole numbers in range', () => {
    expect(problems({ models: [{ ...ok, minReplicas: -1, maxReplicas: 0, gpusPerReplica: 1.5 }] })).toEqual([
      'models[0] "gemma-2b-it": gpusPerReplica must be a whole number from 1 to 16 (got 1.5)',
      'models[0] "gemma-2b-it": minReplicas must be a whole number from 0 to 1000 (got -1)',
      'models[0] "gemma-2b-it": maxReplicas must be a whole number from 1 to 1000 (got 0)',
    ]);
  });

  test('an unknown accelerator, and a GPU count no machine offers', () => {
    expect(problems({ models: [{ ...ok, accelerator: 'nvidia-l40' }, { id: 'b', source: 'a/b', gpusPerReplica: 3 }] })).toEqual([
      expect.stringMatching(/^models\[0\] "gemma-2b-it": accelerator "nvidia-l40" is not supported \(supported: nvidia-l4, .*nvidia-h100-80gb/),
      'models[1] "b": gpusPerReplica 3 is not offered for nvidia-l4 (choose one of 1, 2, 4, 8)',
    ]);
  });

  test('a misspelt field is an error, not silently ignored', () => {
    expect(problems({ models: [{ ...ok, maxReplica: 4 }], gateway: { clas: 'x' } })).toEqual([
      'gateway: unknown field "clas" (did you mean "className"? known: name, className, routeName, ruleTimeouts, tls, bodyBasedRouting, modelList)',
      expect.stringMatching(/^models\[0\] "gemma-2b-it": unknown field "maxReplica" \(did you mean "maxReplicas"\? known: id, namespace, clusters, source/),
    ]);
  });

  test('env may not override what the library sets, and must be strings', () => {
    expect(problems({ models: [{ ...ok, env: { HUGGING_FACE_HUB_TOKEN: 'x', '1BAD': 'y', PORT: 8 } }] })).toEqual([
      'models[0] "gemma-2b-it": env.PORT must be a string (quote numbers and booleans in YAML), { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } } (got a number)',
      'models[0] "gemma-2b-it": env "HUGGING_FACE_HUB_TOKEN" cannot be set: the library sets it from the huggingFaceSecret (lib/constructs/ray-llm-service.ts)',
      'models[0] "gemma-2b-it": env "1BAD" is not a valid variable name (letters, digits and "_", not starting with a digit)',
    ]);
  });

  test('resources must be quantities; tensor parallelism must match the GPUs', () => {
    expect(problems({ models: [{ ...ok, gpusPerReplica: 2, worker: { memory: 'lots' }, engineKwargs: { tensor_parallel_size: 4 } }] })).toEqual([
      'models[0] "gemma-2b-it": worker.memory must be a Kubernetes quantity such as "6", "500m" or "24Gi" (got "lots")',
      'models[0] "gemma-2b-it": engineKwargs.tensor_parallel_size (4) must equal gpusPerReplica (2): each replica\'s worker pod has 2 GPUs',
    ]);
  });

  test('list-level names must be valid Kubernetes names', () => {
    expect(problems({ namespace: 'Team_A', gateway: { name: 'gw.' }, huggingFaceSecret: { key: 'a/b' }, models: [ok] })).toEqual([
      'namespace: namespace "Team_A" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
      'huggingFaceSecret: key "a/b" may hold only letters, digits, "-", "_" and "."',
      'gateway: name "gw." is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
    ]);
  });

  test('an unknown gateway class', () => {
    expect(problems({ gateway: { className: 'gke-l7-rlib' }, models: [ok] })).toEqual([
      'gateway: className "gke-l7-rlib" is not a single-cluster GKE gateway class (a multi-cluster class needs the list\'s clusters) (supported: gke-l7-rilb, gke-l7-regional-external-managed, gke-l7-global-external-managed, gke-l7-gxlb)',
    ]);
  });

  test('an empty list, a list that is not a map, an entry that is not a map', () => {
    expect(problems({ models: [] })).toEqual(['models: must be a list of at least one model']);
    expect(problems(['a'])).toEqual(['the model list must be a map with a "models" list']);
    expect(problems({ models: ['gemma'] })).toEqual(['models[0]: must be a map with at least id and source']);
  });

  test('all problems are reported at once, in one message', () => {
    try {
      planModels({ models: [{ id: '', source: '' }, { ...ok, minReplicas: 5 }] });
      throw new Error('accepted');
    } catch (error) {
      expect((error as Error).message).toMatch(/^The model list has 3 problems:\n  - models\[0\]: id/);
    }
  });
});
