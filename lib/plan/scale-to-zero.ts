/**
 * `minReplicas: 0` (scale to zero) is refused, with the reasons that apply to the deployment: the
 * facts and their sources are in lib/facts/scale-to-zero.ts. The refusal names the model (or its
 * canary) and the field; docs/capacity-and-cost.md "Scale to zero" says what would make it work.
 */
import { INGRESS_SCALES_TO_ZERO_FROM, SERVE_LLM_ROUTER_TIMEOUT_S } from '../facts/scale-to-zero';
import { Problems } from '../list/problems';
import { coldStartEstimate } from './cold-start';
import type { PlannedDeployment, PlannedModel } from './model-plan';

/** -1, 0, 1 for dotted numeric versions; undefined when either is not one (e.g. "2.54.0rc1"). */
export function compareVersions(a: string, b: string): number | undefined {
  const parts = (v: string) => (/^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : undefined);
  const [x, y] = [parts(a), parts(b)];
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Why minReplicas 0 would not give an idle model zero GPUs and a served first request. */
export function scaleToZeroReasons(d: PlannedDeployment, timeoutSeconds: number): string[] {
  const reasons: string[] = [];
  if ((compareVersions(d.rayVersion, INGRESS_SCALES_TO_ZERO_FROM) ?? -1) < 0) {
    reasons.push(`with rayVersion ${d.rayVersion} Ray Serve LLM's ingress keeps one replica of 1 CPU (it scales to zero with its models only from Ray ${INGRESS_SCALES_TO_ZERO_FROM}), which cannot run on the Ray head (num-cpus 0), so the Ray autoscaler keeps a GPU worker for it`);
  }
  reasons.push("the GPU node pool's minimum holds every model at maxReplicas (the plan has no idle size)");
  const estimate = coldStartEstimate(d).totalSeconds;
  const wait = estimate === undefined ? 'a cold start the tables cannot estimate' : `a cold start of ~${estimate} s (deploy/cold-start.txt)`;
  reasons.push(`a first request after idling would wait for a new GPU node (not estimated) plus ${wait}, against timeoutSeconds ${timeoutSeconds} and Serve LLM's ${SERVE_LLM_ROUTER_TIMEOUT_S} s router timeout`);
  return reasons;
}

/** The model unchanged; each deployment with minReplicas 0 reported. */
export function refuseScaleToZero(problems: Problems, where: string, model: PlannedModel): PlannedModel {
  for (const d of model.deployments) {
    if (d.minReplicas !== 0) continue;
    const at = d.role === 'canary' ? `${where} canary` : where;
    problems.add(at, `minReplicas 0 (scale to zero) is not supported: ${scaleToZeroReasons(d, model.timeoutSeconds).join('; ')}. Set minReplicas to 1 or more (docs/capacity-and-cost.md "Scale to zero")`);
  }
  return model;
}
