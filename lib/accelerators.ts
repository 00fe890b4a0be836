/**
 * GKE accelerators a model may ask for: the node label value (what `ModelSpec.accelerator` holds),
 * Ray's accelerator_type for Ray Serve LLM, and the GKE machine type that carries N of them.
 */
export interface Accelerator {
  /** Value of the node label `cloud.google.com/gke-accelerator`, e.g. `nvidia-l4`. */
  readonly label: string;
  /** Ray's accelerator_type, e.g. `L4`. */
  readonly rayType: string;
  /** Machine type by GPUs per node; only these GPU counts per replica are supported. */
  readonly machineTypes: Readonly<Record<number, string>>;
}

const ACCELERATORS: readonly Accelerator[] = [
  {
    label: 'nvidia-l4',
    rayType: 'L4',
    machineTypes: { 1: 'g2-standard-8', 2: 'g2-standard-24', 4: 'g2-standard-48', 8: 'g2-standard-96' },
  },
  {
    label: 'nvidia-tesla-t4',
    rayType: 'T4',
    machineTypes: { 1: 'n1-standard-8', 2: 'n1-standard-16', 4: 'n1-standard-32' },
  },
  {
    label: 'nvidia-tesla-a100',
    rayType: 'A100-40G',
    machineTypes: { 1: 'a2-highgpu-1g', 2: 'a2-highgpu-2g', 4: 'a2-highgpu-4g', 8: 'a2-highgpu-8g', 16: 'a2-megagpu-16g' },
  },
  {
    label: 'nvidia-a100-80gb',
    rayType: 'A100-80G',
    machineTypes: { 1: 'a2-ultragpu-1g', 2: 'a2-ultragpu-2g', 4: 'a2-ultragpu-4g', 8: 'a2-ultragpu-8g' },
  },
  {
    label: 'nvidia-h100-80gb',
    rayType: 'H100',
    machineTypes: { 1: 'a3-highgpu-1g', 2: 'a3-highgpu-2g', 4: 'a3-highgpu-4g', 8: 'a3-highgpu-8g' },
  },
  {
    label: 'nvidia-h100-mega-80gb',
    rayType: 'H100',
    machineTypes: { 8: 'a3-megagpu-8g' },
  },
  {
    label: 'nvidia-h200-141gb',
    rayType: 'H200',
    machineTypes: { 8: 'a3-ultragpu-8g' },
  },
];

/** The accelerator with this node label, or undefined. */
export function findAccelerator(label: string): Accelerator | undefined {
  return ACCELERATORS.find((a) => a.label === label);
}

/** Every supported node label, for error messages and docs. */
export function acceleratorLabels(): string[] {
  return ACCELERATORS.map((a) => a.label);
}

/** GPU counts per node (and so per replica) the accelerator's machine types offer, ascending. */
export function gpuCounts(accelerator: Accelerator): number[] {
  return Object.keys(accelerator.machineTypes).map(Number).sort((a, b) => a - b);
}
