/**
 * API keys without Apigee (issue #31, item 2): no supported Ray version checks a key on its OpenAI
 * port (lib/facts/api-keys.ts, read in the ray 2.54.0 and 2.60.0 wheels), so a key Secret without
 * `governance.apigee` is refused per model, naming the Ray version and the alternatives; with
 * Apigee the Secret holds a key Apigee issued and the smoke test sends it
 * (test/model-list-smoke.test.ts).
 */
import { planModels } from '../lib';
import { RAY_VERSIONS_CHECKING_API_KEYS, RAY_VERSIONS_READ_FOR_API_KEYS } from '../lib/facts/api-keys';
import { listProblems } from './support/problems';

const seed = { id: 'gemma-2b-it', source: 'google/gemma-2b-it' };
const newest = { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', rayVersion: '2.60.0', image: 'rayproject/ray-llm:2.60.0-py312-cu130' };
const refusal = (where: string, field: string, version: string) =>
  `${where}: governance.apiKeySecret: ${field} ${version} cannot check API keys (Ray Serve LLM has no API key on its OpenAI port; read in Ray 2.54.0 and 2.60.0, lib/facts/api-keys.ts), so the key would protect nothing; use governance.apigee (Apigee checks the keys at the Gateway; apiKeySecret then holds a key Apigee issued), or IAP on the load balancer (GCPBackendPolicy iap: Google identities, not keys)`;

test('the table: both supported Ray versions were read, neither checks keys', () => {
  expect(RAY_VERSIONS_READ_FOR_API_KEYS).toEqual(['2.54.0', '2.60.0']);
  expect(RAY_VERSIONS_CHECKING_API_KEYS).toEqual([]);
});

test('a key Secret without Apigee is refused for every model, naming the model, its Ray version (the seed\'s 2.54.0, the newest 2.60.0, a canary\'s) and the alternatives', () => {
  const list = { governance: { apiKeySecret: { name: 'llm-api-key' } }, models: [seed, { ...newest, canary: { weight: 10, rayVersion: '2.54.0', image: 'rayproject/ray-llm:2.54.0-py311-cu128' } }] };
  expect(listProblems(list)).toEqual([
    refusal('models[0] "gemma-2b-it"', 'rayVersion', '2.54.0'),
    refusal('models[1] "qwen-2.5-3b"', 'rayVersion', '2.60.0'),
    refusal('models[1] "qwen-2.5-3b"', 'canary rayVersion', '2.54.0'),
  ]);
});

test('with Apigee the Secret is accepted: the key is sent in Apigee\'s header', () => {
  const plan = planModels({ governance: { apigee: {}, apiKeySecret: { name: 'llm-api-key', key: 'key' } }, models: [seed, newest] });
  expect(plan.apiKeySecret).toEqual({ name: 'llm-api-key', key: 'key', header: 'x-api-key' });
  expect(planModels({ models: [seed] }).apiKeySecret).toBeUndefined();
});

test('the Secret\'s name and key must be valid; unknown fields are named', () => {
  expect(listProblems({ governance: { apigee: {}, apiKeySecret: { name: 'Bad_Name', key: 'a/b', value: 'sk-123' } }, models: [seed] })).toEqual([
    'governance apiKeySecret: unknown field "value" (known: name, key)',
    'governance apiKeySecret: name "Bad_Name" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
    'governance apiKeySecret: key "a/b" may hold only letters, digits, "-", "_" and "."',
  ]);
  expect(listProblems({ governance: { apigee: {}, apiKeySecret: {} }, models: [seed] })).toEqual(['governance apiKeySecret: name is required']);
});
