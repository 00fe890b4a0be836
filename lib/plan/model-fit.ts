/**
 * Does a deployment fit its hardware? Its worker pod must fit one node of its machine type, and
 * the model's weights (and one max_model_len sequence of KV cache) the replica's GPUs.
 */
import { findAccelerator } from '../facts/accelerators';
import { BYTES_PER_PARAMETER, GPU_MEMORY_BYTES, KNOWN_MODELS, VLLM_GPU_MEMORY_UTILIZATION } from '../facts/gpu-memory';
import { Problems } from '../spec/problems';
import { largestRoom, unfitResource } from './capacity';
import { PlannedDeployment } from './model-plan';
import { RAY_CLUSTER_LOGGING } from './node-pools';
import { workerShape } from './pod-shapes';
import { gpuMemoryUtilization } from './runtime-limits';

const GiB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)}Gi`;
const FIELD: Readonly<Record<string, [string, (n: number) => string]>> = {
  cpuMillis: ['worker.cpu', (n) => `${Math.floor(n) / 1000}`],
  memoryBytes: ['worker.memory', gib],
  ephemeralBytes: ['worker.ephemeralStorage', gib],
  gpus: ['gpusPerReplica', String],
};

/** A worker that no node of its machine type holds: the field, its request and the largest that fits. */
export function checkWorkerFits(problems: Problems, where: string, d: PlannedDeployment): void {
  const machine = findAccelerator(d.accelerator)?.machineTypes[d.gpusPerReplica];
  if (!machine) return;
  const pod = workerShape(d, RAY_CLUSTER_LOGGING);
  const room = largestRoom(machine, d.gpusPerReplica);
  const resource = unfitResource(pod, room);
  if (!resource) return;
  const [field, show] = FIELD[resource];
  problems.add(where, `${field}: the worker pod asks for ${show(pod[resource])} (sidecars included) but one ${machine} node (${d.accelerator}) leaves at most ${show(room[resource])} for it after GKE's reservations and DaemonSets; ask for at most ${show(room[resource])}, or more gpusPerReplica for a larger machine`);
}

/**
 * The default worker CPU: 6 per GPU (lib/spec/defaults.ts), but no more than one node of the
 * replica's machine type leaves (a2-megagpu-16g: 16 GPUs, 96 vCPUs).
 */
const defaultCpus = new Map<string, string>();

export function defaultWorkerCpu(accelerator: string, gpus: number, perGpu: number): string {
  const key = `${accelerator}/${gpus}/${perGpu}`;
  const known = defaultCpus.get(key);
  if (known !== undefined) return known;
  const cpu = computeDefaultWorkerCpu(accelerator, gpus, perGpu);
  defaultCpus.set(key, cpu);
  return cpu;
}

function computeDefaultWorkerCpu(accelerator: string, gpus: number, perGpu: number): string {
  const machine = findAccelerator(accelerator)?.machineTypes[gpus];
  if (!machine) return String(perGpu * gpus);
  const sidecar = workerShape({ worker: { cpu: '0', memory: '0', ephemeralStorage: '0' }, gpusPerReplica: gpus } as PlannedDeployment, RAY_CLUSTER_LOGGING).cpuMillis;
  const room = Math.floor((largestRoom(machine, gpus).cpuMillis - sidecar) / 1000);
  return String(Math.min(perGpu * gpus, room));
}

const numberKwarg = (d: PlannedDeployment, key: string) => (typeof d.engineKwargs[key] === 'number' ? d.engineKwargs[key] as number : undefined);

/**
 * Weights larger than vLLM's share of the replica's GPU memory: an error. A KV cache (what is left
 * of that share) smaller than one max_model_len sequence: an error, or with
 * allowKvCacheShortfall a warning (returned).
 */
export function checkGpuMemory(problems: Problems, where: string, d: PlannedDeployment, weightsGiB: number | undefined, allowKvShortfall: string | undefined): string[] {
  const gpuMemory = GPU_MEMORY_BYTES[d.accelerator];
  const known = KNOWN_MODELS[d.source.toLowerCase()];
  if (!gpuMemory || (weightsGiB === undefined && !known)) return [];
  const dtypeName = typeof d.engineKwargs.quantization === 'string' ? d.engineKwargs.quantization : typeof d.engineKwargs.dtype === 'string' ? d.engineKwargs.dtype : known?.dtype ?? 'bfloat16';
  const weights = weightsGiB !== undefined ? weightsGiB * GiB : known!.parametersBillions * 1e9 * (BYTES_PER_PARAMETER[dtypeName] ?? 2);
  // Out of vLLM's range: refused by runtime-limits.ts, never multiplied by here.
  if (d.engineKwargs.gpu_memory_utilization !== undefined && gpuMemoryUtilization(d.engineKwargs) === undefined) return [];
  const utilization = gpuMemoryUtilization(d.engineKwargs) ?? VLLM_GPU_MEMORY_UTILIZATION;
  const usable = utilization * gpuMemory * d.gpusPerReplica;
  const budget = `gpu_memory_utilization ${utilization} x ${gib(gpuMemory)} (${d.accelerator}) x ${d.gpusPerReplica} GPU = ${gib(usable)}`;
  const origin = weightsGiB !== undefined ? 'weightsGiB' : `${known!.parametersBillions}B parameters x ${BYTES_PER_PARAMETER[dtypeName] ?? 2} bytes (${dtypeName})`;
  if (weights > usable) {
    problems.add(where, `the weights (${gib(weights)}, ${origin}) do not fit the replica's GPU memory for vLLM: ${budget}; use more gpusPerReplica, a larger accelerator or a quantized model (weightsGiB if the size is wrong)`);
    return [];
  }
  if (!known?.layers || !known.kvHeads || !known.headDim) return [];
  const maxModelLen = numberKwarg(d, 'max_model_len') ?? known.contextLength;
  if (!maxModelLen) return [];
  const kvDtype = typeof d.engineKwargs.kv_cache_dtype === 'string' && d.engineKwargs.kv_cache_dtype.startsWith('fp8') ? 1 : 2;
  const perToken = 2 * known.layers * known.kvHeads * known.headDim * kvDtype;
  const needed = perToken * maxModelLen;
  if (needed <= usable - weights) return [];
  const message = `the KV cache cannot hold one max_model_len ${maxModelLen} sequence: it needs ${gib(needed)} (${perToken} bytes per token = 2 x ${known.layers} layers x ${known.kvHeads} KV heads x ${known.headDim} head dim x ${kvDtype} bytes) but ${budget} leaves ${gib(usable - weights)} after the weights (${gib(weights)}); set engineKwargs.max_model_len to at most ${Math.floor((usable - weights) / perToken)}, or allowKvCacheShortfall to the reason it is fine`;
  if (allowKvShortfall === undefined) {
    problems.add(where, message);
    return [];
  }
  return [`${where}: ${message} (allowed: ${allowKvShortfall})`];
}
