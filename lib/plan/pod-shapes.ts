/**
 * The pods KubeRay creates for a planned deployment, as resource requests in base units: what
 * the capacity plan packs onto nodes (lib/plan/capacity.ts). The rules: lib/facts/kuberay-pods.ts.
 */
import { AUTOSCALER_SIDECAR, RAY_LOGGING_SIDECAR, WAIT_GCS_READY } from '../facts/kuberay-pods';
import { PlannedDeployment } from './model-plan';

/** A pod's requests: CPU in millicores, memory and ephemeral storage in bytes, GPUs. */
export interface PodShape {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly ephemeralBytes: number;
  readonly gpus: number;
}

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** A Kubernetes quantity ("6", "500m", "24Gi") as a number of base units (cores, bytes). */
export function quantityValue(quantity: string): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity);
  if (!match || SUFFIX[match[2]] === undefined) throw new Error(`not a Kubernetes quantity: ${quantity}`);
  return Number(match[1]) * SUFFIX[match[2]];
}

const millis = (cpu: string) => Math.ceil(quantityValue(cpu) * 1000);

/** Whether KubeRay adds its autoscaler sidecar (our construct enables in-tree autoscaling when min < max). */
export const autoscaled = (d: PlannedDeployment) => d.minReplicas < d.maxReplicas;

/** The head pod: the Ray head, the autoscaler sidecar when autoscaled, the logging sidecar when on. */
export function headShape(d: PlannedDeployment, logging: boolean): PodShape {
  const extra = [...(autoscaled(d) ? [AUTOSCALER_SIDECAR] : []), ...(logging ? [RAY_LOGGING_SIDECAR] : [])];
  return {
    cpuMillis: millis(d.head.cpu) + extra.reduce((n, c) => n + millis(c.cpu), 0),
    memoryBytes: quantityValue(d.head.memory) + extra.reduce((n, c) => n + quantityValue(c.memory), 0),
    ephemeralBytes: quantityValue(d.head.ephemeralStorage),
    gpus: 0,
  };
}

/** A worker pod: the Ray worker (and logging sidecar), or its `wait-gcs-ready` init container where larger. */
export function workerShape(d: PlannedDeployment, logging: boolean): PodShape {
  const sidecar = logging ? [RAY_LOGGING_SIDECAR] : [];
  return {
    cpuMillis: Math.max(millis(d.worker.cpu) + sidecar.reduce((n, c) => n + millis(c.cpu), 0), millis(WAIT_GCS_READY.cpu)),
    memoryBytes: Math.max(quantityValue(d.worker.memory) + sidecar.reduce((n, c) => n + quantityValue(c.memory), 0), quantityValue(WAIT_GCS_READY.memory)),
    ephemeralBytes: quantityValue(d.worker.ephemeralStorage),
    gpus: d.gpusPerReplica,
  };
}

/** The router's pod: no requests (the chart sets none), one pod slot. */
export const ROUTER_SHAPE: PodShape = { cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, gpus: 0 };
