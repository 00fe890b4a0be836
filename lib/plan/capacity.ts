/**
 * Capacity by packing pods onto nodes: how many nodes of a machine type (and how large a boot
 * disk) hold a set of pods, counting what GKE keeps of each node (lib/facts/gke-allocatable.ts).
 * First-fit decreasing, by each pod's largest share of a node.
 */
import { BOOT_DISK_SIZES_GIB, DAEMONSET_ALLOWANCE, GPU_DAEMONSET_ALLOWANCE, IMAGE_ALLOWANCE_BYTES, nodeResources } from '../facts/gke-allocatable';
import { machineType } from '../facts/machine-types';
import { PodShape } from './pod-shapes';

/** What one node leaves for our pods: allocatable minus GKE's DaemonSets and the pulled image. */
export interface NodeRoom extends PodShape {
  readonly pods: number;
}

export function nodeRoom(machine: string, gpus: number, diskGiB: number): NodeRoom {
  const m = machineType(machine);
  const a = nodeResources(m.vcpus, m.memoryGiB, diskGiB).allocatable;
  const ds = [DAEMONSET_ALLOWANCE, ...(gpus > 0 ? [GPU_DAEMONSET_ALLOWANCE] : [])];
  const taken = (key: 'cpuMillis' | 'memoryBytes' | 'pods') => ds.reduce((n, d) => n + d[key], 0);
  return {
    cpuMillis: a.cpuMillis - taken('cpuMillis'),
    memoryBytes: a.memoryBytes - taken('memoryBytes'),
    ephemeralBytes: a.ephemeralBytes - IMAGE_ALLOWANCE_BYTES,
    pods: a.pods - taken('pods'),
    gpus,
  };
}

const RESOURCES = ['cpuMillis', 'memoryBytes', 'ephemeralBytes', 'gpus'] as const;

/** How many of this pod one node holds (by every resource and the pod count). */
export function podsPerNode(pod: PodShape, room: NodeRoom): number {
  let n = room.pods;
  for (const r of RESOURCES) if (pod[r] > 0) n = Math.min(n, Math.floor(room[r] / pod[r]));
  return Math.max(n, 0);
}

/** The first resource of the pod one node cannot hold, or undefined when it fits. */
export function unfitResource(pod: PodShape, room: NodeRoom): typeof RESOURCES[number] | undefined {
  return RESOURCES.find((r) => pod[r] > room[r]);
}

/** Nodes that hold these pods, first-fit decreasing; a pod that fits no node counts one node of its own. */
export function packedNodes(pods: readonly PodShape[], room: NodeRoom): number {
  const share = (p: PodShape) => Math.max(...RESOURCES.map((r) => (room[r] > 0 ? p[r] / room[r] : 0)), 1 / room.pods);
  const sorted = [...pods].sort((a, b) => share(b) - share(a));
  const free: { cpuMillis: number; memoryBytes: number; ephemeralBytes: number; gpus: number; pods: number }[] = [];
  let full = 0; // nodes before this index hold nothing more of the current pod's size (pods only shrink)
  for (const pod of sorted) {
    let placed = false;
    for (let i = full; i < free.length && !placed; i++) {
      const node = free[i];
      if (node.pods >= 1 && RESOURCES.every((r) => pod[r] <= node[r])) {
        for (const r of RESOURCES) node[r] -= pod[r];
        node.pods -= 1;
        placed = true;
      } else if (i === full && node.pods < 1) {
        full++;
      }
    }
    if (!placed) {
      const node = { ...room };
      for (const r of RESOURCES) node[r] -= pod[r];
      node.pods -= 1;
      free.push(node);
    }
  }
  return free.length;
}

/**
 * The smallest boot disk on which ephemeral storage stops limiting how many of each pod shape one
 * node holds (CPU, memory, GPUs or the pod count limit it first); the largest size when none does.
 */
export function diskSizeFor(pods: readonly PodShape[], machine: string, gpus: number): number {
  const shapes = new Map<string, PodShape>();
  for (const p of pods) shapes.set(`${p.cpuMillis}/${p.memoryBytes}/${p.ephemeralBytes}/${p.gpus}`, p);
  const unlimited = { ...nodeRoom(machine, gpus, BOOT_DISK_SIZES_GIB[0]), ephemeralBytes: Infinity };
  const last = BOOT_DISK_SIZES_GIB[BOOT_DISK_SIZES_GIB.length - 1];
  let disk = BOOT_DISK_SIZES_GIB[0];
  for (const shape of shapes.values()) {
    const wanted = Math.max(podsPerNode(shape, unlimited), 1);
    const enough = BOOT_DISK_SIZES_GIB.find((d) => podsPerNode(shape, nodeRoom(machine, gpus, d)) >= wanted) ?? last;
    disk = Math.max(disk, enough);
  }
  return disk;
}

/** The largest disk's room: what a pod can ask at most on this machine type. */
export function largestRoom(machine: string, gpus: number): NodeRoom {
  return nodeRoom(machine, gpus, BOOT_DISK_SIZES_GIB[BOOT_DISK_SIZES_GIB.length - 1]);
}
