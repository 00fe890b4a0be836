/**
 * What a GKE Standard node offers pods: its allocatable CPU, memory, ephemeral storage and pods,
 * after GKE's reservations. Source: GKE "About GKE node sizing", sections "Node allocatable
 * resources", "Memory and CPU reservations" and "Local ephemeral storage reservation",
 * https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes (read 2026-12).
 */
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Resources in base units: CPU in millicores, memory and storage in bytes. */
export interface NodeResources {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly ephemeralBytes: number;
  readonly pods: number;
}

/** GKE Standard's default maximum of pods per node (`--max-pods-per-node`, default 110). */
export const MAX_PODS_PER_NODE = 110;

/** CPU reserved: 6 % of the first core, 1 % of the next, 0.5 % of the next two, 0.25 % of the rest. */
export function reservedCpuMillis(vcpus: number): number {
  const tiers: [number, number][] = [[1, 0.06], [1, 0.01], [2, 0.005], [Infinity, 0.0025]];
  return reserve(vcpus * 1000, tiers.map(([size, rate]) => [size * 1000, rate]));
}

/**
 * Memory reserved: 255 MiB below 1 GiB; else 25 % of the first 4 GiB, 20 % of the next 4, 10 % of
 * the next 8, 6 % of the next 112, 2 % of the rest; plus the kubelet's 100 MiB eviction threshold.
 */
export function reservedMemoryBytes(memoryGiB: number): number {
  const bytes = memoryGiB * GiB;
  if (memoryGiB < 1) return 255 * MiB + 100 * MiB;
  return reserve(bytes, [[4 * GiB, 0.25], [4 * GiB, 0.2], [8 * GiB, 0.1], [112 * GiB, 0.06], [Infinity, 0.02]]) + 100 * MiB;
}

function reserve(amount: number, tiers: readonly (readonly [number, number])[]): number {
  let left = amount;
  let reserved = 0;
  for (const [size, rate] of tiers) {
    const part = Math.min(left, size);
    reserved += part * rate;
    left -= part;
  }
  return Math.floor(reserved);
}

/**
 * The boot disk's file system capacity as the kubelet reports it, per GiB of disk: the docs'
 * example node (100 GB boot disk) reports capacity 98831908Ki, i.e. 0.94254 of the disk. Other
 * sizes are assumed to keep that ratio (an estimate: the docs give only this example).
 */
const FILESYSTEM_PER_DISK = 98831908 / (100 * 1024 * 1024);

/**
 * Allocatable ephemeral storage of a boot disk of `diskGiB` (gcloud `--disk-size`, GB = GiB):
 * capacity − eviction threshold (10 % of capacity) − system reservation
 * min(50 % of the disk, 6 GiB + 35 % of the disk, 100 GiB). Checked against the docs' example:
 * 100 GB disk -> 47060071629 bytes here, 47060071478 in the docs (151 bytes apart, rounding).
 */
export function allocatableEphemeralBytes(diskGiB: number): number {
  const capacity = diskGiB * FILESYSTEM_PER_DISK * GiB;
  const disk = diskGiB * GiB;
  return Math.floor(capacity * 0.9 - Math.min(disk * 0.5, 6 * GiB + disk * 0.35, 100 * GiB));
}

/** Capacity and allocatable of a node of this size (what the kubelet would report). */
export function nodeResources(vcpus: number, memoryGiB: number, diskGiB: number): { capacity: NodeResources; allocatable: NodeResources } {
  return {
    capacity: { cpuMillis: vcpus * 1000, memoryBytes: memoryGiB * GiB, ephemeralBytes: Math.floor(diskGiB * FILESYSTEM_PER_DISK * GiB), pods: MAX_PODS_PER_NODE },
    allocatable: {
      cpuMillis: vcpus * 1000 - reservedCpuMillis(vcpus),
      memoryBytes: memoryGiB * GiB - reservedMemoryBytes(memoryGiB),
      ephemeralBytes: allocatableEphemeralBytes(diskGiB),
      pods: MAX_PODS_PER_NODE,
    },
  };
}

/**
 * What GKE's own DaemonSets take on every node before our pods: kube-proxy, fluentbit-gke,
 * gke-metrics-agent, pdcsi-node, netd and, on GPU nodes, the NVIDIA device plugin and driver
 * installer. GKE documents no per-node total (it varies by version and add-ons), so this is a
 * planning allowance, not a fact: about the requests those DaemonSets carried on GKE 1.3x nodes
 * (kube-proxy 100m; fluentbit-gke 100m/200Mi; gke-metrics-agent ~10m/60Mi; pdcsi-node 10m/20Mi;
 * netd ~5m/30Mi) rounded up, plus 8 pod slots; GPU nodes add 200m/512Mi for the device plugin.
 */
export const DAEMONSET_ALLOWANCE = { cpuMillis: 300, memoryBytes: 512 * MiB, ephemeralBytes: 0, pods: 8 };
export const GPU_DAEMONSET_ALLOWANCE = { cpuMillis: 200, memoryBytes: 512 * MiB, ephemeralBytes: 0, pods: 2 };

/**
 * Disk space the Ray LLM image takes once pulled (its layers unpacked on the boot disk, outside
 * every pod's ephemeral-storage request). rayproject/ray-llm 2.5x-py311-cu128 is about 10 GB
 * compressed on Docker Hub (not verified offline here: an estimate); unpacked layers take about
 * twice that, so 24 GiB is planned per node (one image per node: heads and workers share it).
 */
export const IMAGE_ALLOWANCE_BYTES = 24 * GiB;

/** Boot disk sizes (GB) the planner chooses from, smallest first; GKE's default is 100. */
export const BOOT_DISK_SIZES_GIB = [100, 120, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000];

/**
 * GKE's cluster-wide kube-system Deployments (kube-dns and its autoscaler, metrics-server,
 * konnectivity-agent, l7-default-backend, event-exporter), which run on the CPU pool: GPU nodes are
 * tainted and they do not tolerate it. GKE documents no total; a planning allowance of about their
 * requests on GKE 1.3x, packed as one pod: 1 CPU, 1.5 GiB, 12 pod slots.
 */
export const SYSTEM_PODS_ALLOWANCE = { cpuMillis: 1000, memoryBytes: 1.5 * GiB, ephemeralBytes: 0, gpus: 0 };
