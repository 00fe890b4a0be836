/**
 * The lists the real KubeRay operator test (test/kuberay-operator.test.ts) runs: one per distinct
 * RayService shape, so that it stays within minutes on 2 cores while every shape KubeRay and the
 * scheduler see is covered.
 */
import * as YAML from 'yaml';
import { planAnyList as planModels } from './problems';
import { buildCharts, objectsOf } from '../../lib/charts/app';
import { ModelPlan } from '../../lib/plan/model-plan';
import { K8sObject } from './synth';

/** Every field path of a value (array items as `[]`): the shape of a RayService. */
function fieldPaths(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldPaths(v, `${at}[]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...fieldPaths(v, `${at}.${k}`)]);
  return [];
}

export function rayServicesOf(plan: ModelPlan): K8sObject[] {
  return buildCharts(plan).flatMap((f) => objectsOf(f) as K8sObject[]).filter((o) => o.kind === 'RayService');
}

/**
 * What makes a list's RayServices distinct for KubeRay and the scheduler: every field path of each
 * RayService (serveConfigV2 parsed; array items as `[]`), the values that change what KubeRay does
 * (upgrade strategy, in-tree autoscaling, Ray version) and how pods land (accelerator, GPUs per
 * worker), and whether the list spans several clusters or namespaces.
 */
function traits(list: unknown): string[] {
  const plan = planModels(list);
  const rayServices = rayServicesOf(plan);
  return [
    ...rayServices.flatMap((rs) => {
      const cluster = rs.spec.rayClusterConfig;
      const worker = cluster.workerGroupSpecs?.[0]?.template.spec;
      return [
        ...fieldPaths({ ...rs.spec, serveConfigV2: YAML.parse(rs.spec.serveConfigV2) }),
        `upgrade=${rs.spec.upgradeStrategy?.type}`, `autoscaling=${cluster.enableInTreeAutoscaling ?? false}`, `rayVersion=${cluster.rayVersion}`,
        `accelerator=${JSON.stringify(worker?.nodeSelector)}`, `gpus=${worker?.containers[0].resources?.limits?.['nvidia.com/gpu']}`,
      ];
    }),
    `clusters=${Math.min(plan.clusters.length, 2)}`, `namespaces=${Math.min(new Set(rayServices.map((rs) => rs.metadata.namespace)).size, 2)}`,
  ];
}

/** The lists in order, keeping each one that brings a trait no earlier list has. */
export function representativeLists(all: [string, unknown][]): [string, unknown][] {
  const seen = new Set<string>();
  return all.filter(([, list]) => {
    const fresh = traits(list).filter((t) => !seen.has(t));
    fresh.forEach((t) => seen.add(t));
    return fresh.length > 0;
  });
}

