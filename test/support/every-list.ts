/**
 * Every model list the repository synthesizes, for the tests that judge the whole output (the real
 * API server, the real scheduler): the seed fixture, every fixture list under test/fixtures/lists/,
 * every example, the rich list, and lists that turn on each opt-in feature.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList } from '../../lib';
import { RICH_LIST } from './lists';
import { ROOT } from './synth';

const SEED_MODELS = [
  { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
  { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', adapters: ['sql'], loraStoragePath: 'gs://my-bucket/lora/qwen' },
];

/** Lists that turn on one opt-in feature each (kept small: they add objects, not models). */
export const FEATURE_LISTS: Record<string, unknown> = {
  'TLS with a certificate Secret, redirect': { gateway: { tls: { certificateSecret: 'llm-tls', hostnames: ['llm.example.com'] } }, models: SEED_MODELS },
  'TLS with a certificate map, global external class': { gateway: { className: 'gke-l7-global-external-managed', tls: { certificateMap: 'llm-map', http: 'off' } }, models: SEED_MODELS },
  'egress restricted': { security: { egress: 'restricted' }, models: SEED_MODELS },
  'API keys (Apigee)': { governance: { apigee: { location: 'us-central1' } }, models: SEED_MODELS },
  '40 models (several routes)': { models: Array.from({ length: 40 }, (_, i) => ({ id: `model-${i}`, source: `org/model-${i}`, minReplicas: 1, maxReplicas: 1 })) },
};

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** [name, list] for every list: file lists by their repository path. */
export function everyList(): [string, unknown][] {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(ROOT, 'examples', f));
  const files = [...yamlFiles(path.join(ROOT, 'test', 'fixtures', 'lists')), ...examples];
  return [
    ...files.sort().map((file): [string, unknown] => [path.relative(ROOT, file), loadModelList(file)]),
    ['RICH_LIST', RICH_LIST],
    ...Object.entries(FEATURE_LISTS),
  ];
}
