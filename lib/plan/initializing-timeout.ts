/**
 * The `ray.io/initializing-timeout` of each RayService (KubeRay >= 1.5; behaviour and format in
 * lib/facts/kuberay-upgrade.ts): given per model (or canary) as `initializingTimeoutSeconds`, else
 * from the cold-start estimate (lib/plan/cold-start.ts): twice the estimate, rounded up to whole
 * 5 minutes, at least 10 minutes; 30 minutes when the estimate is unknown. Twice, because the
 * estimate is an estimate and a hit is terminal (KubeRay deletes the cluster and never retries);
 * the floor covers a GPU node that is still joining when the list is first applied.
 */
import { ModelSpec } from '../list/model-spec';
import { coldStartEstimate } from './cold-start';
import type { PlannedDeployment, PlannedModel } from './model-plan';

/** The rule's numbers (seconds). */
export const INITIALIZING_TIMEOUT_RULE = { factor: 2, roundTo: 300, floor: 600, unknownEstimate: 1800 } as const;

/** The default for a deployment, from its cold-start estimate. */
export function defaultInitializingTimeoutSeconds(d: PlannedDeployment): number {
  const estimate = coldStartEstimate(d).totalSeconds;
  if (estimate === undefined) return INITIALIZING_TIMEOUT_RULE.unknownEstimate;
  const rounded = Math.ceil((INITIALIZING_TIMEOUT_RULE.factor * estimate) / INITIALIZING_TIMEOUT_RULE.roundTo) * INITIALIZING_TIMEOUT_RULE.roundTo;
  return Math.max(rounded, INITIALIZING_TIMEOUT_RULE.floor);
}

/** The annotation's value: whole minutes as a Go duration ("10m"), else seconds ("90s"). */
export function initializingTimeoutValue(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** The model with each deployment's timeout set (after the model cache is planned: it changes the estimate). */
export function withInitializingTimeouts(spec: ModelSpec, model: PlannedModel): PlannedModel {
  const deployments = model.deployments.map((d): PlannedDeployment => {
    const fromCanary = d.role === 'canary' && spec.canary?.initializingTimeoutSeconds !== undefined;
    const given = fromCanary ? spec.canary?.initializingTimeoutSeconds : spec.initializingTimeoutSeconds;
    const seconds = given ?? defaultInitializingTimeoutSeconds(d);
    return { ...d, initializingTimeoutSeconds: seconds };
  });
  return { ...model, deployments };
}
