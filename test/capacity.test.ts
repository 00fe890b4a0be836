/** Capacity planning: GKE's allocatable formulas, packing, the pools of the seed, and fit errors naming the field. */
import { planModels } from '../lib';
import { allocatableEphemeralBytes, reservedCpuMillis, reservedMemoryBytes } from '../lib/facts/gke-allocatable';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { nodeRoom, packedNodes } from '../lib/plan/capacity';
import { capacityLines } from '../lib/plan/capacity-summary';
import { headShape } from '../lib/plan/pod-shapes';
import { problemsOf } from './support/problems';
import { defaultList } from './support/synth';

const GiB = 1024 ** 3;

describe('GKE allocatable (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes)', () => {
  test('the docs example: a 100 GB boot disk (capacity 98831908Ki) leaves 47060071478 bytes, within a kilobyte', () => {
    expect(Math.abs(allocatableEphemeralBytes(100) - 47060071478)).toBeLessThan(1024);
  });
  test('CPU and memory reservations of a 4 vCPU / 16 GiB node: 80m and 2.6 GiB + 100 MiB eviction', () => {
    expect(reservedCpuMillis(4)).toBe(80);
    expect(reservedMemoryBytes(16)).toBe(Math.floor(2.6 * GiB) + 100 * 1024 ** 2);
  });
});

describe('the seed cluster', () => {
  const plan = clusterPlan(planModels(defaultList()), 'router-values.yaml');
  test('a default pool of e2-standard-4 that holds both heads twice (an upgrade), on a disk the 32 Gi heads fit', () => {
    expect(plan.cpuPool).toEqual({ name: 'default-pool', machineType: 'e2-standard-4', diskSizeGb: 150, nodes: 2, upgradeNodes: 2, maxNodes: 4 });
    const head = headShape(planModels(defaultList()).models[0].deployments[0], true);
    expect(packedNodes([{ pod: head, count: 4 }], nodeRoom('e2-standard-4', 0, plan.cpuPool.diskSizeGb))).toBe(4);
    // On the old 100 GB disk the ephemeral storage left after the image holds no head at all.
    expect(nodeRoom('e2-standard-4', 0, 100).ephemeralBytes).toBeLessThan(head.ephemeralBytes);
  });
  test('the L4 pool: one worker per g2-standard-8, 4 nodes steady, 8 during an upgrade', () => {
    expect(plan.nodePools).toEqual([expect.objectContaining({ name: 'gpu-nvidia-l4', machineType: 'g2-standard-8', diskSizeGb: 120, nodes: 4, maxNodes: 8 })]);
  });
  test('npm run plan\'s line: pools x nodes, GPUs, an estimated monthly price', () => {
    expect(capacityLines(planModels(defaultList()))).toEqual([expect.stringMatching(/^cluster: nodes steady\/upgrade: default-pool 2\/4 x e2-standard-4 \(150 GB disk\), gpu-nvidia-l4 4\/8 x g2-standard-8 \(120 GB disk\); GPUs 4\/8; ~\$[0-9,]+\/month steady/)]);
  });
  test('mixed GPU counts on g2-standard-24 are sized for a spreading scheduler, on a disk sized for two 24 Gi workers; equal counts pack', () => {
    const two = clusterPlan(planModels({ models: [{ id: 'a', source: 'org/a', gpusPerReplica: 2, minReplicas: 1, maxReplicas: 1, worker: { cpu: '6', memory: '24Gi' } }, { id: 'b', source: 'org/b', minReplicas: 4, maxReplicas: 4, upgrade: 'none' }] }), 'x');
    // 4 one-GPU workers: one node each at worst (the scheduler spreads), plus one for the 2-GPU worker.
    expect(two.nodePools[0]).toEqual(expect.objectContaining({ machineType: 'g2-standard-24', nodes: 5, diskSizeGb: 200 }));
    const same = clusterPlan(planModels({ models: [{ id: 'a', source: 'org/a', gpusPerReplica: 2, minReplicas: 1, maxReplicas: 1 }, { id: 'b', source: 'org/b', gpusPerReplica: 2, minReplicas: 1, maxReplicas: 1 }] }), 'x');
    expect(same.nodePools[0]).toEqual(expect.objectContaining({ machineType: 'g2-standard-24', nodes: 2 }));
  });
});

describe('fit checks name the model and the field, with the numbers', () => {
  test('a worker that no node of its machine type holds', () => {
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', worker: { memory: '200Gi' } }] }))).toEqual([
      expect.stringMatching(/^models\[0\] "m": worker\.memory: the worker pod asks for 200\.3Gi .* one g2-standard-8 node \(nvidia-l4\) leaves at most 27\.\dGi .*ask for at most 27\.\dGi/),
    ]);
    expect(problemsOf(() => planModels({ models: [{ id: 'm', source: 'org/m', worker: { cpu: '16' } }] }))).toEqual([expect.stringMatching(/^models\[0\] "m": worker\.cpu: .*16\.1 .*at most 7\.\d+/)]);
  });
  test('a 70B model on one L4', () => {
    expect(problemsOf(() => planModels({ models: [{ id: 'llama', source: 'meta-llama/Llama-3.1-70B-Instruct', accelerator: 'nvidia-l4' }] }))).toEqual([
      'models[0] "llama": the weights (131.5Gi, 70.6B parameters x 2 bytes (bfloat16)) do not fit the replica\'s GPU memory for vLLM: gpu_memory_utilization 0.9 x 22.4Gi (nvidia-l4) x 1 GPU = 20.1Gi; use more gpusPerReplica, a larger accelerator or a quantized model (weightsGiB if the size is wrong)',
    ]);
    // An explicit size is used instead of the table's; gpu_memory_utilization from engineKwargs.
    expect(problemsOf(() => planModels({ models: [{ id: 'x', source: 'org/x', weightsGiB: 20, engineKwargs: { gpu_memory_utilization: 0.8 } }] }))).toEqual([
      expect.stringContaining('the weights (20.0Gi, weightsGiB) do not fit the replica\'s GPU memory for vLLM: gpu_memory_utilization 0.8 x 22.4Gi'),
    ]);
  });
  test('a KV cache that cannot hold one max_model_len sequence: an error, or a warning with allowKvCacheShortfall', () => {
    const model = { id: 'q', source: 'Qwen/Qwen2.5-7B-Instruct', engineKwargs: { max_model_len: 131072 } };
    expect(problemsOf(() => planModels({ models: [model] }))).toEqual([expect.stringMatching(/^models\[0\] "q": the KV cache cannot hold one max_model_len 131072 sequence: it needs 7\.0Gi .*set engineKwargs\.max_model_len to at most \d+/)]);
    const plan = planModels({ models: [{ ...model, allowKvCacheShortfall: 'long prompts are rare' }] });
    expect(plan.warnings).toEqual([expect.stringMatching(/KV cache cannot hold .*\(allowed: long prompts are rare\)$/)]);
  });
  test('the seed models fit their L4s', () => {
    expect(planModels(defaultList()).warnings).toEqual([]);
  });
});
