/**
 * A hand-made model, used only where the real KubeRay operator cannot run (no Go toolchain, no Ray
 * venv: test/support/kuberay-operator.ts operatorSkipReason) and for the scheduler test's negative
 * case; elsewhere test/kuberay-operator.test.ts has the operator make the pods.
 * The Pods KubeRay creates from a RayService, for the real scheduler (test/scheduler.test.ts): the
 * head pod from `headGroupSpec.template` (plus the `autoscaler` sidecar when
 * `enableInTreeAutoscaling`, with `autoscalerOptions.resources` or KubeRay's 500m/512Mi), and
 * `replicas` worker pods per worker group from its template, each with the `wait-gcs-ready` init
 * container (200m/256Mi). Rules read in ray-project/kuberay@9c13e713c17859f5c2d13bec324c9548b808c8f2
 * (v1.7.0) `ray-operator/controllers/ray/common/pod.go` (`DefaultHeadPodTemplate`,
 * `BuildAutoscalerContainer`, `DefaultWorkerPodTemplate`); see lib/facts/kuberay-pods.ts. GKE's
 * Ray logging add-on injects its Fluent Bit sidecar into each Ray pod: added here with the planning
 * allowance of lib/facts/kuberay-pods.ts (its real requests are not documented).
 */
import { AUTOSCALER_SIDECAR, RAY_LOGGING_SIDECAR, WAIT_GCS_READY } from '../../lib/facts/kuberay-pods';
import { K8sObject } from './synth';

export const TEST_LABEL = 'ray-llm-gateway/scheduler-test';

const requests = (c: { cpu: string; memory: string }) => ({ requests: { cpu: c.cpu, memory: c.memory }, limits: { cpu: c.cpu, memory: c.memory } });
const loggingSidecar = { name: RAY_LOGGING_SIDECAR.name, image: 'fluent-bit', resources: requests(RAY_LOGGING_SIDECAR) };

function pod(name: string, namespace: string, template: any, extra: { containers?: any[]; initContainers?: any[] }): K8sObject {
  const spec = template.spec ?? {};
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace, labels: { ...(template.metadata?.labels ?? {}), [TEST_LABEL]: 'true' } },
    spec: {
      ...spec,
      containers: [...spec.containers, ...(extra.containers ?? [])],
      initContainers: [...(spec.initContainers ?? []), ...(extra.initContainers ?? [])],
    },
  };
}

/**
 * The pods of one RayService: the head, and `workers(group)` workers per group (KubeRay starts
 * `replicas`; the autoscaler may add up to `maxReplicas`). `suffix` names a second Ray cluster (an upgrade).
 */
export function rayServicePods(rayService: K8sObject, workers: (group: any) => number, suffix = '', logging = true): K8sObject[] {
  const name = `${rayService.metadata.name}${suffix}`;
  const namespace = rayService.metadata.namespace ?? 'default';
  const cluster = rayService.spec.rayClusterConfig;
  const sidecar = logging ? [loggingSidecar] : [];
  const head = cluster.headGroupSpec.template;
  const autoscaler = cluster.enableInTreeAutoscaling
    ? [{ name: AUTOSCALER_SIDECAR.name, image: head.spec.containers[0].image, resources: cluster.autoscalerOptions?.resources ?? requests(AUTOSCALER_SIDECAR) }]
    : [];
  const pods = [pod(`${name}-head`, namespace, head, { containers: [...autoscaler, ...sidecar] })];
  for (const group of cluster.workerGroupSpecs ?? []) {
    const image = group.template.spec.containers[0].image;
    const init = { name: WAIT_GCS_READY.name, image, resources: requests(WAIT_GCS_READY) };
    for (let i = 0; i < workers(group); i++) {
      pods.push(pod(`${name}-${group.groupName}-worker-${i}`, namespace, group.template, { containers: sidecar, initContainers: [init] }));
    }
  }
  return pods;
}
