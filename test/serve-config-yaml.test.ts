/**
 * lib/constructs/serve-config-yaml.ts writes the Serve config byte for byte as
 * `stringify(value, { lineWidth: 0 })` of the `yaml` package does, with every string a YAML 1.1
 * reader would read otherwise double-quoted (`quotedYaml`, lib/constructs/yaml-blocks.ts): on every RayService of the
 * fixture lists and examples, and on ids and engine arguments chosen to hit each rule (those it
 * does not handle go to the `yaml` package, counted here).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { quotedYaml } from '../lib/constructs/yaml-blocks';
import { buildCharts, loadModelList, objectsOf } from '../lib';
import { serveConfig, serveConfigYaml, ServeConfigProps } from '../lib/constructs/serve-config';
import { serveYaml, serveYamlStats } from '../lib/constructs/serve-config-yaml';
import { manyModels, RICH_LIST } from './support/lists';
import { ROOT } from './support/synth';
import { planAnyList } from './support/problems';

const CLUSTER_LISTS = path.join(ROOT, 'test', 'fixtures', 'lists', 'cluster');

/** Each list, and how many of its models have a float engine argument (written by the `yaml` package). */
const LISTS: [string, unknown, number][] = [
  ['seed', loadModelList(path.join(ROOT, 'test', 'fixtures', 'lists', 'seed.yaml')), 0],
  ...fs.readdirSync(CLUSTER_LISTS).map((f): [string, unknown, number] => [`cluster/${f}`, loadModelList(path.join(CLUSTER_LISTS, f)), 0]),
  ...['fleet', 'multi-region', 'gitops'].map((f): [string, unknown, number] => [`examples/${f}`, loadModelList(path.join(ROOT, 'examples', `${f}.yaml`)), 0]),
  ['rich', RICH_LIST, 1], // llama-70b: gpu_memory_utilization 0.9
  ['200 generated models', manyModels(200), 0],
];

/** Runs `action` and returns how many documents went to the `yaml` package meanwhile. */
function fallbacks(action: () => void): number {
  const before = serveYamlStats.fallbacks;
  action();
  return serveYamlStats.fallbacks - before;
}

function serveConfigsOf(list: unknown): string[] {
  return buildCharts(planAnyList(list))
    .flatMap((file) => objectsOf(file))
    .filter((o: any) => o.kind === 'RayService')
    .map((o: any) => o.spec.serveConfigV2 as string);
}

test.each(LISTS)('every serveConfigV2 of the %s list is the yaml package\'s text', (_, list, floats) => {
  let texts: string[] = [];
  expect(fallbacks(() => (texts = serveConfigsOf(list)))).toBe(floats);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).toBe(quotedYaml(parse(text), { lineWidth: 0 }));
});

const BASE: ServeConfigProps = { modelId: 'gemma-2b-it', source: 'google/gemma-2b-it', rayAcceleratorType: 'L4', minReplicas: 1, maxReplicas: 2 };

test('the text of a model, written out', () => {
  const props = { ...BASE, engineKwargs: { max_model_len: 8192, enforce_eager: true, tensor_parallel_size: 2 }, lora: { storagePath: 'gs://b/lora', maxAdaptersPerReplica: 4 } };
  expect(fallbacks(() => expect(serveConfigYaml(props)).toBe(`applications:
  - name: llm_app
    route_prefix: /
    import_path: ray.serve.llm:build_openai_app
    args:
      llm_configs:
        - model_loading_config:
            model_id: gemma-2b-it
            model_source: google/gemma-2b-it
          accelerator_type: L4
          log_engine_metrics: true
          deployment_config:
            autoscaling_config:
              min_replicas: 1
              max_replicas: 2
            health_check_period_s: 30
            health_check_timeout_s: 60
            graceful_shutdown_timeout_s: 600
            graceful_shutdown_wait_loop_s: 2
          engine_kwargs:
            max_model_len: 8192
            enforce_eager: true
            tensor_parallel_size: 2
          lora_config:
            dynamic_lora_loading_path: gs://b/lora
            max_num_adapters_per_replica: 4
`))).toBe(0);
});

/** Ids (as model_id) the fast writer must hand to the `yaml` package, and ids it writes itself. */
const HANDED_BACK_IDS = ['on', 'yes', 'null', '~', '1e3', '0x1F', 'true', ':x', 'a: b', '#x', ' x', 'x ', '', '-x', 'é', 'x:', 'a#b', "it's", '"q"', 'a\nb', '1.0', '123', '.inf', '2001-12-14', '---x', 'a b'];
const FAST_IDS = ['v1.0', 'Llama-3.1-70B-Instruct', 'org/model@rev', 'gs://bucket/path', 'a=b+c', '/x', 'model_1'];

test.each(HANDED_BACK_IDS)('model id %j: handed to the yaml package, same text', (id) => {
  const props = { ...BASE, modelId: id };
  let text = '';
  expect(fallbacks(() => (text = serveConfigYaml(props)))).toBe(1);
  expect(text).toBe(quotedYaml(serveConfig(props), { lineWidth: 0 }));
});

test.each(FAST_IDS)('model id %j: written plain by the fast writer, same text', (id) => {
  const props = { ...BASE, modelId: id, source: id };
  let text = '';
  expect(fallbacks(() => (text = serveConfigYaml(props)))).toBe(0);
  expect(text).toBe(quotedYaml(serveConfig(props), { lineWidth: 0 }));
  expect(text).toContain(`model_id: ${id}\n`);
});

/** Engine arguments: [what, value, fallbacks expected]. */
const KWARGS: [string, Record<string, unknown>, number][] = [
  ['a float', { gpu_memory_utilization: 0.9 }, 1],
  ['a negative integer and null', { seed: -3, quantization: null }, 0],
  ['nested maps', { speculative_config: { method: 'ngram', num_speculative_tokens: 5, inner: { deep: true } } }, 0],
  ['arrays of scalars, arrays and maps', { a: ['x', 1, false], b: [[1, 2], [3]], c: [{ k: 'v', l: [1] }, { m: 2 }] }, 0],
  ['an empty map', { a: {} }, 1],
  ['an empty array', { a: [] }, 1],
  ['a key YAML reads as a boolean', { true: 1 }, 1],
  ['a key with a space', { 'a key': 1 }, 1],
  ['a numeric key', { 8080: 1 }, 1],
  ['a huge integer', { n: 2 ** 60 }, 1],
  ['NaN', { n: Number.NaN }, 1],
  ['undefined', { u: undefined, v: 1 }, 1],
  ['a string YAML 1.1 reads as a boolean', { s: 'on' }, 1],
  ['a string with a colon inside', { s: 'a:b' }, 0],
  ['the same object twice', (() => { const o = { x: 1 }; return { a: o, b: o }; })(), 1],
];

test.each(KWARGS)('engine kwargs with %s: same text as the yaml package', (_, engineKwargs, expected) => {
  const props = { ...BASE, engineKwargs };
  let text = '';
  expect(fallbacks(() => (text = serveConfigYaml(props)))).toBe(expected);
  expect(text).toBe(quotedYaml(serveConfig(props), { lineWidth: 0 }));
});

test('other top-level values are the yaml package\'s', () => {
  expect(serveYaml([1, 'two', { three: 3 }])).toBe('- 1\n- two\n- three: 3\n');
  expect(serveYaml({})).toBe('{}\n');
});
