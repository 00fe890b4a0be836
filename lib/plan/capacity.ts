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

const rooms = new Map<string, NodeRoom>();

export function nodeRoom(machine: string, gpus: number, diskGiB: number): NodeRoom {
  const key = `${machine}/${gpus}/${diskGiB}`;
  const known = rooms.get(key);
  if (known) return known;
  const room = computeRoom(machine, gpus, diskGiB);
  rooms.set(key, room);
  return room;
}

function computeRoom(machine: string, gpus: number, diskGiB: number): NodeRoom {
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

/** `count` pods of one shape. */
export interface PodGroup {
  readonly pod: PodShape;
  readonly count: number;
}

/** The groups with equal shapes merged (keyed by number, no strings: this runs per pod of a list). */
function merged(groups: readonly PodGroup[]): PodGroup[] {
  const out: { pod: PodShape; count: number }[] = [];
  const byCpu = new Map<number, { pod: PodShape; count: number }[]>();
  for (const { pod, count } of groups) {
    if (count <= 0) continue;
    const same = byCpu.get(pod.cpuMillis);
    const known = same?.find((g) => g.pod === pod || (g.pod.memoryBytes === pod.memoryBytes && g.pod.ephemeralBytes === pod.ephemeralBytes && g.pod.gpus === pod.gpus));
    if (known) {
      known.count += count;
      continue;
    }
    const group = { pod, count };
    out.push(group);
    if (same) same.push(group);
    else byCpu.set(pod.cpuMillis, [group]);
  }
  return out;
}

/** What a node has left once `count` of this pod are placed on it. */
const taken = (node: NodeRoom, pod: PodShape, count: number): NodeRoom => ({
  cpuMillis: node.cpuMillis - count * pod.cpuMillis, memoryBytes: node.memoryBytes - count * pod.memoryBytes,
  ephemeralBytes: node.ephemeralBytes - count * pod.ephemeralBytes, gpus: node.gpus - count * pod.gpus, pods: node.pods - count,
});

/**
 * Nodes that hold these pods, first-fit decreasing (by each pod's largest share of a node); a pod
 * that fits no node counts one node of its own. Equal pods are placed together: each node in turn
 * takes as many of them as still fit, which is what first-fit does with a run of equal pods.
 */
export function packedNodes(groups: readonly PodGroup[], room: NodeRoom): number {
  const share = (p: PodShape) => Math.max(...RESOURCES.map((r) => (room[r] > 0 ? p[r] / room[r] : 0)), 1 / room.pods);
  const free: NodeRoom[] = [];
  for (const { pod, count } of merged(groups).sort((a, b) => share(b.pod) - share(a.pod))) {
    let left = count;
    for (let i = 0; left > 0; i++) {
      if (i === free.length) {
        // Only fresh nodes from here: as many full ones as the rest fills, then one for the remainder
        // (one shared object: a node is replaced, never changed, when a pod is placed on it).
        const perNode = Math.max(podsPerNode(pod, room), 1);
        const full = Math.floor(left / perNode);
        const filled = taken(room, pod, perNode);
        for (let n = 0; n < full; n++) free.push(filled);
        left -= full * perNode;
        if (left > 0) free.push(taken(room, pod, left));
        break;
      }
      const node = free[i];
      const fit = Math.min(left, podsPerNode(pod, node));
      if (fit === 0) continue;
      free[i] = taken(node, pod, fit);
      left -= fit;
    }
  }
  return free.length;
}

/**
 * Nodes that hold these pods however the scheduler places them, where they ask for different GPU
 * counts: kube-scheduler spreads pods (its default scoring prefers the least allocated node), so
 * 1-GPU workers may take one GPU of every node and leave no node with two free GPUs for a 2-GPU
 * worker (found by test/scheduler.test.ts with examples/fleet.yaml). The pods asking for the most
 * GPUs are packed; every other pod counts a node of its own. With one GPU count: packedNodes.
 */
export function spreadSafeNodes(groups: readonly PodGroup[], room: NodeRoom): number {
  const most = groups.reduce((n, g) => Math.max(n, g.pod.gpus), 0);
  const others = groups.filter((g) => g.pod.gpus !== most).reduce((n, g) => n + g.count, 0);
  return packedNodes(groups.filter((g) => g.pod.gpus === most), room) + others;
}

/**
 * The smallest boot disk on which ephemeral storage stops limiting how many of each pod shape one
 * node holds (CPU, memory, GPUs or the pod count limit it first); the largest size when none does.
 */
export function diskSizeFor(groups: readonly PodGroup[], machine: string, gpus: number): number {
  const unlimited = { ...nodeRoom(machine, gpus, BOOT_DISK_SIZES_GIB[0]), ephemeralBytes: Infinity };
  const last = BOOT_DISK_SIZES_GIB[BOOT_DISK_SIZES_GIB.length - 1];
  let disk = BOOT_DISK_SIZES_GIB[0];
  for (const { pod } of merged(groups)) {
    const wanted = Math.max(podsPerNode(pod, unlimited), 1);
    const enough = BOOT_DISK_SIZES_GIB.find((d) => podsPerNode(pod, nodeRoom(machine, gpus, d)) >= wanted) ?? last;
    disk = Math.max(disk, enough);
  }
  return disk;
}

/** The largest disk's room: what a pod can ask at most on this machine type. */
export function largestRoom(machine: string, gpus: number): NodeRoom {
  return nodeRoom(machine, gpus, BOOT_DISK_SIZES_GIB[BOOT_DISK_SIZES_GIB.length - 1]);
}
