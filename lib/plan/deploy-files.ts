/** The files synth writes to deploy/ (outside dist/, which holds only Kubernetes objects). */
import { clusterPlan, clusterPlanEnv } from './cluster-plan';
import { ModelPlan } from './model-plan';
import { routerValuesYaml } from './router-values';
import { clusterSteps, namespaceManifests, renderClusterSteps } from './cluster-steps';
import { verifyPlan } from './verify-plan';
import { COLD_START_FILE, coldStartText } from './cold-start';

export const ROUTER_VALUES_FILE = 'router-values.yaml';
export const CLUSTER_PLAN_FILE = 'cluster-plan.env';
/** The steps scripts/cluster.sh executes (lib/plan/cluster-steps.ts). */
export const CLUSTER_STEPS_FILE = 'cluster-steps.tsv';
/** What `cluster.sh status` and `test` read (lib/plan/verify-plan.ts). */
export const VERIFY_PLAN_FILE = 'verify-plan.json';

/**
 * File name -> content.
 * @param deployDirFromRoot the deploy folder relative to the repository root (the cluster plan names the values file by it)
 * @param distDirFromRoot dist/ relative to the repository root (a fleet's plan names each cluster's folder by it)
 * @param distFiles the files synth writes to dist/ (relative to it): the step file names each folder's manifests but its Namespace object
 */
export function deployFiles(plan: ModelPlan, deployDirFromRoot: string, distDirFromRoot = 'dist', distFiles?: readonly string[]): Record<string, string> {
  const routerValuesPath = `${deployDirFromRoot}/${ROUTER_VALUES_FILE}`;
  const cluster = clusterPlan(plan, routerValuesPath, distDirFromRoot);
  return {
    [ROUTER_VALUES_FILE]: routerValuesYaml(plan),
    [CLUSTER_PLAN_FILE]: clusterPlanEnv(cluster),
    [CLUSTER_STEPS_FILE]: renderClusterSteps(clusterSteps(cluster, distDirFromRoot, distFiles)),
    [VERIFY_PLAN_FILE]: JSON.stringify(verifyPlan(plan, cluster, distDirFromRoot), null, 2) + '\n',
    [COLD_START_FILE]: coldStartText(plan),
    ...namespaceManifests(cluster),
  };
}
