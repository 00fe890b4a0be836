/**
 * Scale to zero (issue #31 item 3) is refused, with the reasons that hold for the model: each
 * reason is tied to a fact of lib/facts/scale-to-zero.ts, and the facts that live in our own output
 * (the head's num-cpus 0, the GPU pool's minimum) are checked here against that output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { planModels } from '../lib';
import { INGRESS_SCALES_TO_ZERO_FROM, SERVE_LLM_ROUTER_TIMEOUT_S } from '../lib/facts/scale-to-zero';
import { gpuPoolsFor } from '../lib/plan/node-pools';
import { deployFiles } from '../lib/plan/deploy-files';
import { compareVersions, scaleToZeroReasons } from '../lib/plan/scale-to-zero';
import { listProblems } from './support/problems';
import { ofKind, synthObjects } from './support/synth';
import { describeWithReal, missingTool, rayPython, raySitePackages, rayVersions } from './support/real-tools';

const gemma = { id: 'gemma-2b-it', source: 'google/gemma-2b-it' };

describe('minReplicas 0 (scale to zero)', () => {
  test('refused on the default Ray 2.54.0, naming the model and the field, with every reason and the first request\'s wait', () => {
    expect(listProblems({ models: [{ ...gemma, minReplicas: 0, maxReplicas: 2 }] })).toEqual([
      'models[0] "gemma-2b-it": minReplicas 0 (scale to zero) is not supported: ' +
      "with rayVersion 2.54.0 Ray Serve LLM's ingress keeps one replica of 1 CPU (it scales to zero with its models only from Ray 2.55.0), which cannot run on the Ray head (num-cpus 0), so the Ray autoscaler keeps a GPU worker for it; " +
      "the GPU node pool's minimum holds every model at maxReplicas (the plan has no idle size); " +
      "a first request after idling would wait for a new GPU node (not estimated) plus a cold start of ~250 s (deploy/cold-start.txt), against timeoutSeconds 600 and Serve LLM's 600 s router timeout. " +
      'Set minReplicas to 1 or more (docs/capacity-and-cost.md "Scale to zero")',
    ]);
  });

  test('from Ray 2.55 the ingress reason no longer applies; the pool and the wait still do; a canary is named as such', () => {
    const problems = listProblems({ models: [{ ...gemma, rayVersion: INGRESS_SCALES_TO_ZERO_FROM, image: `rayproject/ray-llm:${INGRESS_SCALES_TO_ZERO_FROM}-py311-cu128`, timeoutSeconds: 300, canary: { weight: 10, minReplicas: 0 } }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^models\[0\] "gemma-2b-it" canary: minReplicas 0 \(scale to zero\) is not supported: the GPU node pool's minimum/);
    expect(problems[0]).toContain(`against timeoutSeconds 300 and Serve LLM's ${SERVE_LLM_ROUTER_TIMEOUT_S} s router timeout`);
    expect(problems[0]).not.toContain('ingress');
  });

  test('an unknown model size says the cold start cannot be estimated; an odd version string keeps the ingress reason', () => {
    const plan = planModels({ models: [{ id: 'x', source: 'org/mystery', minReplicas: 1 }] });
    const d = { ...plan.models[0].deployments[0], minReplicas: 0, rayVersion: '2.60.0rc1' };
    const reasons = scaleToZeroReasons(d, 600);
    expect(reasons[0]).toMatch(/^with rayVersion 2\.60\.0rc1 Ray Serve LLM's ingress keeps one replica/);
    expect(reasons[2]).toContain('plus a cold start the tables cannot estimate');
  });

  test('the facts of our own output the reasons rest on: the head has num-cpus 0; the GPU pool\'s minimum is its steady size at maxReplicas', () => {
    const list = { models: [{ ...gemma, minReplicas: 1, maxReplicas: 3 }] };
    const rs = ofKind(synthObjects(list), 'RayService')[0] as unknown as { spec: { rayClusterConfig: { headGroupSpec: { rayStartParams: Record<string, string> } } } };
    expect(rs.spec.rayClusterConfig.headGroupSpec.rayStartParams['num-cpus']).toBe('0');
    const plan = planModels(list);
    const [pool] = gpuPoolsFor(plan.models);
    expect(pool.nodes).toBe(3); // every model at maxReplicas, not minReplicas
    expect(deployFiles(plan, 'deploy')['cluster-steps.tsv']).toContain(`--min-nodes=${pool.nodes}`);
  });
});

/**
 * The Ray facts, read again from the pinned Ray versions (scripts/real/versions.env RAY_VERSIONS) as
 * installed for Ray's Serve schema (scripts/real/install-python.sh: one venv per version).
 */
describeWithReal('the Ray facts in the pinned Ray versions', missingTool(rayVersions().map(rayPython), 'scripts/real/install-python.sh'), () => {
  for (const version of rayVersions()) {
    const read = (file: string) => fs.readFileSync(path.join(raySitePackages(version), file), 'utf8');
    test(`ray ${version}`, () => {
      const ingress = read('ray/llm/_internal/serve/core/ingress/ingress.py');
      const scalesWithModels = ingress.includes('_all_models_scale_to_zero');
      expect(scalesWithModels).toBe(compareVersions(version, INGRESS_SCALES_TO_ZERO_FROM)! >= 0);
      expect(ingress).toMatch(/DEFAULT_INGRESS_OPTIONS = \{\s*"max_ongoing_requests": DEFAULT_MAX_ONGOING_REQUESTS,\s*"autoscaling_config": \{\s*"target_ongoing_requests": DEFAULT_MAX_TARGET_ONGOING_REQUESTS,\s*\},\s*\}/);
      expect(read('ray/serve/_private/config.py')).toMatch(/if self\.ray_actor_options\.get\("num_cpus"\) is None:\s*self\.ray_actor_options\["num_cpus"\] = 1/);
      expect(read('ray/serve/config.py')).toMatch(/min_replicas: NonNegativeInt = (1|Field\(\s*default=1,)/);
      expect(read('ray/serve/_private/proxy_router.py')).toMatch(/if is_head:\s*return True, ""/);
      expect(read('ray/serve/_private/router.py')).toContain('should_send_scaled_to_zero_optimized_push');
      expect(read('ray/llm/_internal/serve/constants.py')).toContain(`os.environ.get("RAY_SERVE_LLM_ROUTER_HTTP_TIMEOUT", ${SERVE_LLM_ROUTER_TIMEOUT_S})`);
    });
  }
});
