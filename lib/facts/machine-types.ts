/**
 * Compute Engine machine types the cluster's node pools use: vCPUs and memory (GB as Compute
 * Engine states them, which are GiB). Source: Compute Engine machine families resource guide,
 * https://cloud.google.com/compute/docs/machine-resource (general-purpose E2 and N1, accelerator-optimized
 * A2, A3, G2 tables), read 2026-12. GPUs come from lib/facts/accelerators.ts (the machine type per GPU count).
 */
export interface MachineType {
  readonly name: string;
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** Machine family, the value of GKE's `cloud.google.com/machine-family` node label. */
  readonly family: string;
}

const SIZES: Readonly<Record<string, readonly [number, number]>> = {
  'e2-medium': [2, 4], 'e2-standard-2': [2, 8], 'e2-standard-4': [4, 16], 'e2-standard-8': [8, 32], 'e2-standard-16': [16, 64], 'e2-standard-32': [32, 128],
  'g2-standard-8': [8, 32], 'g2-standard-24': [24, 96], 'g2-standard-48': [48, 192], 'g2-standard-96': [96, 384],
  'n1-standard-8': [8, 30], 'n1-standard-16': [16, 60], 'n1-standard-32': [32, 120],
  'a2-highgpu-1g': [12, 85], 'a2-highgpu-2g': [24, 170], 'a2-highgpu-4g': [48, 340], 'a2-highgpu-8g': [96, 680], 'a2-megagpu-16g': [96, 1360],
  'a2-ultragpu-1g': [12, 170], 'a2-ultragpu-2g': [24, 340], 'a2-ultragpu-4g': [48, 680], 'a2-ultragpu-8g': [96, 1360],
  'a3-highgpu-1g': [26, 234], 'a3-highgpu-2g': [52, 468], 'a3-highgpu-4g': [104, 936], 'a3-highgpu-8g': [208, 1872],
  'a3-megagpu-8g': [208, 1872], 'a3-ultragpu-8g': [224, 2952],
};

/** The machine type of this name; throws on a name the table lacks (a bug in the tables, not in a list). */
export function machineType(name: string): MachineType {
  const size = SIZES[name];
  if (!size) throw new Error(`machine type ${name} is not in lib/facts/machine-types.ts`);
  return { name, vcpus: size[0], memoryGiB: size[1], family: name.split('-')[0] };
}

/**
 * CPU machine types for the pool that runs the Ray heads, their autoscaler sidecars and the router,
 * smallest first. The first is the seed's own (`--machine-type e2-standard-4` in its create command);
 * a larger one is chosen only when one head does not fit it.
 */
export const CPU_MACHINE_TYPES = ['e2-standard-4', 'e2-standard-8', 'e2-standard-16', 'e2-standard-32'];
