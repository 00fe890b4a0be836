/**
 * What the runtime refuses although the API server accepts it, refused at synth
 * (lib/plan/runtime-limits.ts): vLLM's gpu_memory_utilization range, an image that is not Ray's
 * Serve LLM image of the rayVersion, an object kubectl apply cannot store, and a RayService name
 * the KubeRay operator rejects.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { buildCharts, planModels } from '../lib';
import { TOTAL_ANNOTATION_SIZE_LIMIT_BYTES } from '../lib/facts/runtime-limits';
import { lastAppliedBytes } from '../lib/plan/runtime-limits';
import { manifestFiles, manifestStream } from '../lib/synth';
import { problemsOf } from './support/problems';
import { controlPlane, describeWithControlPlane } from './support/control-plane';
import { everyList } from './support/every-list';
import { ROOT, synthObjects } from './support/synth';

const model = (fields: Record<string, unknown>) => ({ models: [{ id: 'm', source: 'org/m', ...fields }] });
const plan = (fields: Record<string, unknown>) => problemsOf(() => planModels(model(fields)));

describe('engineKwargs.gpu_memory_utilization lies in (0, 1]', () => {
  test.each([[1.5], [0], [-0.2], ['0.9'], [1.0000001]])('%p is refused, naming the model and the field', (value) => {
    expect(plan({ engineKwargs: { gpu_memory_utilization: value } })).toEqual([
      expect.stringMatching(/^models\[0\] "m": engineKwargs\.gpu_memory_utilization .* must be a number greater than 0 and at most 1/),
    ]);
  });
  test.each([[1], [0.5], [0.01]])('%p is accepted', (value) => {
    expect(plan({ engineKwargs: { gpu_memory_utilization: value } })).toEqual([]);
  });
  test('the fit check never multiplies by a value out of range: 70B, 131k context on 8 L4 at 1.5 gets the range error only', () => {
    const problems = problemsOf(() => planModels({ models: [{ id: 'llama', source: 'meta-llama/Llama-3.1-70B-Instruct', accelerator: 'nvidia-l4', gpusPerReplica: 8, engineKwargs: { gpu_memory_utilization: 1.5, max_model_len: 131072 } }] }));
    expect(problems).toEqual([expect.stringContaining('engineKwargs.gpu_memory_utilization 1.5 must be a number greater than 0 and at most 1')]);
    // At vLLM's highest value, 1, the fit check judges with 1 as the budget.
    const atOne = problemsOf(() => planModels({ models: [{ id: 'llama', source: 'meta-llama/Llama-3.1-70B-Instruct', accelerator: 'nvidia-l4', engineKwargs: { gpu_memory_utilization: 1 } }] }));
    expect(atOne).toEqual([expect.stringContaining('do not fit the replica\'s GPU memory for vLLM: gpu_memory_utilization 1 x 22.4Gi (nvidia-l4) x 1 GPU = 22.4Gi')]);
  });
});

describe('the image is Ray\'s Serve LLM image of the rayVersion', () => {
  test('a rayproject/ray image (no vLLM) is refused, naming the model and image', () => {
    expect(plan({ image: 'rayproject/ray:2.54.0-gpu' })).toEqual([
      'models[0] "m": image "rayproject/ray:2.54.0-gpu" is not a Ray Serve LLM image: its repository is "ray", not "ray-llm", so it has no vLLM and the Serve app\'s import_path ray.serve.llm:build_openai_app fails; use rayproject/ray-llm:2.54.0-py311-cu128 (or your registry\'s copy of it, named ray-llm)',
    ]);
  });
  test('a tag whose Ray version differs from rayVersion is refused, naming image and rayVersion', () => {
    expect(plan({ image: 'rayproject/ray-llm:2.60.0-py311-cu128' })).toEqual([
      expect.stringMatching(/^models\[0\] "m": image "rayproject\/ray-llm:2\.60\.0-py311-cu128" has the tag 2\.60\.0-py311-cu128, which is not Ray 2\.54\.0 \(rayVersion\)/),
    ]);
    // rayVersion alone: the default image (2.54.0) disagrees.
    expect(plan({ rayVersion: '2.60.0' })).toEqual([expect.stringContaining('image "rayproject/ray-llm:2.54.0-py311-cu128" (the default) has the tag 2.54.0-py311-cu128, which is not Ray 2.60.0 (rayVersion)')]);
    expect(plan({ image: 'rayproject/ray-llm', rayVersion: '2.54.0' })).toEqual([expect.stringContaining('has the tag latest (no tag)')]);
    expect(plan({ image: 'rayproject/ray-llm:2.54.01-py311' })).toEqual([expect.stringContaining('which is not Ray 2.54.0')]);
  });
  test('a canary that sets only image is judged against the model\'s rayVersion', () => {
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', canary: { weight: 10, image: 'rayproject/ray-llm:2.60.0-py311-cu128' } }] }))).toEqual([
      expect.stringMatching(/^models\[0\] "m" canary: image .*2\.60\.0.* which is not Ray 2\.54\.0 \(rayVersion\)/),
    ]);
  });
  test('matching pairs, a copy in another registry and a digest-only pin are accepted', () => {
    expect(plan({ image: 'rayproject/ray-llm:2.60.0-py311-cu128', rayVersion: '2.60.0' })).toEqual([]);
    expect(plan({ image: 'us-docker.pkg.dev/p/mirror/ray-llm:2.54.0-py311-cu128' })).toEqual([]);
    expect(plan({ image: `rayproject/ray-llm@sha256:${'a'.repeat(64)}` })).toEqual([]);
  });
});

describe('an object kubectl apply cannot store is refused at synth, with the numbers', () => {
  const bigEnv = (bytes: number) => ({ BIG: 'x'.repeat(bytes) });
  test('a RayService whose last-applied copy passes 256 KiB', () => {
    const list = model({ env: bigEnv(300_000) });
    expect(() => planModels(list)).not.toThrow(); // the plan is fine; the object is too large
    const problems = problemsOf(() => manifestFiles(buildCharts(planModels(list))));
    expect(problems).toEqual([
      expect.stringMatching(/^RayService default\/m \(default\/model-m\.k8s\.yaml\) is too large for kubectl apply: with its last-applied copy its annotations take \d{6} bytes, over Kubernetes' limit of 262144 bytes/),
    ]);
    expect(problemsOf(() => manifestStream(buildCharts(planModels(list))))).toEqual(problems);
  });
  test('synth exits 1 naming the object and the numbers, and leaves dist/ and deploy/ as they were', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-limits-test-'));
    try {
      const list = path.join(work, 'models.yaml');
      fs.writeFileSync(list, stringify(model({ env: bigEnv(300_000) })));
      const dist = path.join(work, 'dist');
      const deploy = path.join(work, 'deploy');
      for (const dir of [dist, deploy]) { fs.mkdirSync(dir); fs.writeFileSync(path.join(dir, 'previous.k8s.yaml'), 'kind: Previous\n'); }
      const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', RLG_STATE_DIR: path.join(work, 'state'), RLG_MODELS_FILE: list, RLG_DIST_DIR: dist, RLG_DEPLOY_DIR: deploy };
      const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: ROOT, env, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/RayService default\/m .* is too large for kubectl apply: .* take \d+ bytes, over Kubernetes' limit of 262144 bytes/);
      expect(run.stderr).toContain('Nothing was written; dist/ and deploy/ are unchanged.');
      for (const dir of [dist, deploy]) expect(fs.readdirSync(dir)).toEqual(['previous.k8s.yaml']);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
  test('under the limit is accepted (the env is written twice: head and workers)', () => {
    expect(problemsOf(() => manifestFiles(buildCharts(planModels(model({ env: bigEnv(100_000) })))))).toEqual([]);
  });
  test('the size counted is the JSON kubectl stores (Go escapes <, > and &)', () => {
    const object = { kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: '<&>' } };
    const stored = '{"kind":"ConfigMap","metadata":{"name":"a","annotations":{}},"data":{"k":"\\u003c\\u0026\\u003e"}}\n';
    expect(lastAppliedBytes(object)).toBe('kubectl.kubernetes.io/last-applied-configuration'.length + stored.length);
  });
  test('every list\'s objects are far below the limit', () => {
    for (const [, list] of everyList()) {
      const largest = Math.max(...synthObjects(list).map((o) => lastAppliedBytes(o)));
      expect(largest).toBeLessThan(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES / 2);
    }
  });
});

describe('a RayService name the KubeRay operator rejects is refused at synth, naming the model', () => {
  // ray-project/kuberay@v1.5.0 ray-operator/controllers/ray/utils/validation.go ValidateRayServiceMetadata.
  test('more than 47 characters', () => {
    expect(plan({ name: 'a'.repeat(48) })).toEqual([`models[0] "m": name "${'a'.repeat(48)}" is 48 characters long; KubeRay allows at most 47`]);
    expect(plan({ name: 'a'.repeat(47) })).toEqual([]);
    expect(problemsOf(() => planModels({ models: [{ id: `m${'x'.repeat(50)}`, source: 'org/m' }] }))).toEqual([expect.stringContaining('(derived from id) is 51 characters long; KubeRay allows at most 47; set name to a valid one')]);
  });
  test('not a DNS-1035 label', () => {
    expect(plan({ name: '9lives' })).toEqual([expect.stringContaining('name "9lives" is not a DNS-1035 label')]);
    expect(plan({ name: 'a.b' })).toEqual([expect.stringContaining('name "a.b" is not a DNS-1035 label')]);
  });
});

describeWithControlPlane('the size limit is the real one: kubectl apply against the real kube-apiserver', () => {
  /** A ConfigMap whose annotations with the last-applied copy take exactly `bytes` by our count. */
  function configMapOf(bytes: number): Record<string, unknown> {
    const of = (n: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'size-judge' }, data: { k: 'x'.repeat(n) } });
    const n = bytes - lastAppliedBytes(of(0));
    expect(lastAppliedBytes(of(n))).toBe(bytes);
    return of(n);
  }
  test('at the limit by our count kubectl apply stores it; one byte over, the API server refuses it as too long', () => {
    const cp = controlPlane()!;
    cp.ensureNamespace('size-judge');
    const apply = (object: unknown) => cp.kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(object));
    expect(apply(configMapOf(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES))).toEqual(expect.objectContaining({ status: 0 }));
    const over = apply(configMapOf(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES + 1));
    expect(over.status).not.toBe(0);
    expect(over.stderr).toMatch(/metadata\.annotations: Too long/);
  }, 120_000);
});
