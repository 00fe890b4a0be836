/**
 * GKE accelerators a model may ask for: the node label value (what `ModelSpec.accelerator` holds),
 * Ray's accelerator_type for Ray Serve LLM, and the GKE machine type that carries N of them.
 *
 * `rayType` must be a name Ray will match, so the Serve replicas can be placed:
 * - Ray Serve LLM asks each GPU bundle of a replica's placement group for the custom resource
 *   `accelerator_type:<accelerator_type>` (0.001 of it), one GPU bundle per device
 *   (tensor_parallel_size x pipeline_parallel_size): ray-project/ray `python/ray/llm/_internal/serve/`
 *   `.../vllm/vllm_models.py`, `VLLMEngineConfig.ray_accelerator_type()` and `placement_bundles`.
 * - A Ray node advertises `accelerator_type:<X>: 1` only for the type it detects itself: for NVIDIA
 *   GPUs X is the first word after the vendor in the device name, by the pattern `\w+\s+([A-Z0-9]+)`
 *   (ray-project/ray `python/ray/_private/accelerators/nvidia_gpu.py`, `NVIDIA_GPU_NAME_PATTERN`,
 *   read at commit 00501e2bd10f). So "NVIDIA L4" -> L4, "Tesla T4" -> T4,
 *   "NVIDIA A100-SXM4-40GB" and "NVIDIA A100-SXM4-80GB" -> A100, "NVIDIA H100 80GB HBM3" -> H100,
 *   "NVIDIA H200" -> H200.
 * - `ray.util.accelerators` (`python/ray/util/accelerators/accelerators.py`, same commit) names
 *   `A100-40G`/`A100-80G` too, but says they "are not auto-added to nodes": a worker would have to
 *   advertise them through `rayStartParams.resources`. We use the auto-detected `A100` instead: each
 *   model has its own Ray cluster with one worker group pinned to one GKE accelerator by its
 *   nodeSelector, so the size suffix would tell Ray nothing the node selector does not.
 *   (KubeRay v1.7.0 `validateRayGroupResources` forbids `rayStartParams` num-cpus/num-gpus/memory/
 *   resources only together with the group-level `resources` field, not with container resources,
 *   so a custom resource would have been allowed; it is simply not needed.)
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
    rayType: 'A100',
    machineTypes: { 1: 'a2-highgpu-1g', 2: 'a2-highgpu-2g', 4: 'a2-highgpu-4g', 8: 'a2-highgpu-8g', 16: 'a2-megagpu-16g' },
  },
  {
    label: 'nvidia-a100-80gb',
    rayType: 'A100',
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
