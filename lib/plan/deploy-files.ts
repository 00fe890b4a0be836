/** The files synth writes to deploy/ (outside dist/, which holds only Kubernetes objects). */
import { clusterPlan, clusterPlanEnv } from './cluster-plan';
import { ModelPlan } from './model-plan';
import { routerValuesYaml } from './router-values';

export const ROUTER_VALUES_FILE = 'router-values.yaml';
export const CLUSTER_PLAN_FILE = 'cluster-plan.env';

/**
 * File name -> content.
 * @param deployDirFromRoot the deploy folder relative to the repository root (the cluster plan names the values file by it)
 * @param distDirFromRoot dist/ relative to the repository root (a fleet's plan names each cluster's folder by it)
 */
export function deployFiles(plan: ModelPlan, deployDirFromRoot: string, distDirFromRoot = 'dist'): Record<string, string> {
  const routerValuesPath = `${deployDirFromRoot}/${ROUTER_VALUES_FILE}`;
  return {
    [ROUTER_VALUES_FILE]: routerValuesYaml(plan),
    [CLUSTER_PLAN_FILE]: clusterPlanEnv(clusterPlan(plan, routerValuesPath, distDirFromRoot)),
  };
}
