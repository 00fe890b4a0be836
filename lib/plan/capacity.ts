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

const shapeKey = (p: PodShape) => `${p.cpuMillis}/${p.memoryBytes}/${p.ephemeralBytes}/${p.gpus}`;

/**
 * Nodes that hold these pods, first-fit decreasing (by each pod's largest share of a node); a pod
 * that fits no node counts one node of its own. Identical pods are placed together: each node in
 * turn takes as many of them as still fit, which is what first-fit does with a run of equal pods.
 */
export function packedNodes(pods: readonly PodShape[], room: NodeRoom): number {
  const groups = new Map<string, { pod: PodShape; count: number; share: number }>();
  for (const pod of pods) {
    const key = shapeKey(pod);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { pod, count: 1, share: Math.max(...RESOURCES.map((r) => (room[r] > 0 ? pod[r] / room[r] : 0)), 1 / room.pods) });
  }
  const free: NodeRoom[] = [];
  for (const { pod, count } of [...groups.values()].sort((a, b) => b.share - a.share)) {
    let left = count;
    for (let i = 0; left > 0; i++) {
      if (i === free.length) free.push({ ...room });
      const node = free[i];
      const fit = Math.min(left, Math.max(podsPerNode(pod, node), i === free.length - 1 && node.pods === room.pods ? 1 : 0));
      if (fit === 0) continue;
      free[i] = {
        cpuMillis: node.cpuMillis - fit * pod.cpuMillis, memoryBytes: node.memoryBytes - fit * pod.memoryBytes,
        ephemeralBytes: node.ephemeralBytes - fit * pod.ephemeralBytes, gpus: node.gpus - fit * pod.gpus, pods: node.pods - fit,
      };
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
export function spreadSafeNodes(pods: readonly PodShape[], room: NodeRoom): number {
  const most = pods.reduce((n, p) => Math.max(n, p.gpus), 0);
  const others = pods.filter((p) => p.gpus !== most).length;
  if (others === 0) return packedNodes(pods, room);
  return packedNodes(pods.filter((p) => p.gpus === most), room) + others;
}

/**
 * The smallest boot disk on which ephemeral storage stops limiting how many of each pod shape one
 * node holds (CPU, memory, GPUs or the pod count limit it first); the largest size when none does.
 */
export function diskSizeFor(pods: readonly PodShape[], machine: string, gpus: number): number {
  const shapes = new Map<string, PodShape>();
  for (const p of pods) shapes.set(shapeKey(p), p);
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
