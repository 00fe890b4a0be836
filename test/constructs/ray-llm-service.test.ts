/** RayLlmService written by hand: the list's defaults, metadata passthrough, the serve backend it exposes. */
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { RayLlmService } from '../../lib';

type Obj = Record<string, any>;

function synth(props: ConstructorParameters<typeof RayLlmService>[2]) {
  const chart = Testing.chart();
  const llm = new RayLlmService(chart, 'llm', props);
  const [rayService] = Testing.synth(chart) as Obj[];
  return { llm, rayService };
}

describe('RayLlmService', () => {
  test('modelId and source alone give the model list defaults (one L4, 2 replicas, hf-secret)', () => {
    const { rayService } = synth({ modelId: 'google/gemma-2b-it', source: 'google/gemma-2b-it', name: 'gemma', namespace: 'llm' });
    expect(rayService.apiVersion).toBe('ray.io/v1');
    expect(rayService.kind).toBe('RayService');
    expect(rayService.metadata).toEqual({ name: 'gemma', namespace: 'llm' });
    const cluster = rayService.spec.rayClusterConfig;
    expect(cluster.rayVersion).toBe('2.54.0');
    const [worker] = cluster.workerGroupSpecs;
    expect(worker.replicas).toBe(2);
    expect(worker.minReplicas).toBe(2);
    expect(worker.maxReplicas).toBe(2);
    expect(worker.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    const llm = worker.template.spec.containers[0];
    expect(llm.image).toBe('rayproject/ray-llm:2.54.0-py311-cu128');
    expect(llm.resources.requests).toEqual({ 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '1', 'ephemeral-storage': '24Gi' });
    expect(llm.env).toContainEqual({ name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } } });
    expect(llm.env).toContainEqual({ name: 'RAY_SERVE_ENABLE_HA_PROXY', value: '1' });
    const head = cluster.headGroupSpec.template.spec.containers[0];
    expect(head.resources.requests).toEqual({ 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '32Gi' });
    expect(rayService.spec.upgradeStrategy).toEqual({ type: 'NewCluster' });
    expect(cluster.enableInTreeAutoscaling).toBeUndefined();
    const serve = parse(rayService.spec.serveConfigV2);
    expect(serve.applications[0].import_path).toBe('ray.serve.llm:build_openai_app');
    expect(serve.applications[0].args.llm_configs[0]).toMatchObject({
      model_loading_config: { model_id: 'google/gemma-2b-it', model_source: 'google/gemma-2b-it' },
      accelerator_type: 'L4',
      deployment_config: { autoscaling_config: { min_replicas: 2, max_replicas: 2 } },
    });
  });

  test('gpusPerReplica scales the worker default per GPU; an H100 maps to Ray type H100', () => {
    const { rayService } = synth({ modelId: 'm', source: 'gs://b/m', accelerator: 'nvidia-h100-80gb', gpusPerReplica: 2, minReplicas: 1, maxReplicas: 3 });
    const worker = rayService.spec.rayClusterConfig.workerGroupSpecs[0];
    expect(worker.template.spec.containers[0].resources.requests).toEqual({ 'cpu': '12', 'memory': '48Gi', 'nvidia.com/gpu': '2', 'ephemeral-storage': '24Gi' });
    expect(parse(rayService.spec.serveConfigV2).applications[0].args.llm_configs[0].accelerator_type).toBe('H100');
    expect(rayService.spec.rayClusterConfig.enableInTreeAutoscaling).toBe(true);
  });

  test('metadata labels and annotations pass through; the pod label stays the RayService name', () => {
    const { rayService } = synth({ modelId: 'm', source: 'm', name: 'm1', metadata: { labels: { team: 'search' }, annotations: { owner: 'a@example.com' } } });
    expect(rayService.metadata).toEqual({ name: 'm1', labels: { team: 'search' }, annotations: { owner: 'a@example.com' } });
    expect(rayService.spec.rayClusterConfig.workerGroupSpecs[0].template.metadata.labels).toEqual({ 'ray-llm-gateway/ray-service': 'm1' });
  });

  test('without a name: a generated DNS label of at most 47 characters; the serve Service follows it', () => {
    const { llm, rayService } = synth({ modelId: 'm', source: 'm' });
    expect(rayService.metadata.name).toMatch(/^test-llm-[0-9a-f]{8}$/);
    expect(llm.name).toBe(rayService.metadata.name);
    expect(llm.serveServiceName).toBe(`${rayService.metadata.name}-serve-svc`);
    expect(llm.apiObject).toBe(llm.rayService);
    expect(llm.modelId).toBe('m');
  });

  test('refuses an unknown accelerator without a Ray type, and a name KubeRay would reject', () => {
    expect(() => synth({ modelId: 'm', source: 'm', accelerator: 'nvidia-x1' })).toThrow('RayLlmService m: accelerator "nvidia-x1" is not one of nvidia-l4,');
    expect(() => synth({ modelId: 'm', source: 'm', accelerator: 'nvidia-x1', rayAcceleratorType: 'X1' })).not.toThrow();
    expect(() => synth({ modelId: 'm', source: 'm', name: 'a'.repeat(48) })).toThrow('is longer than 47 characters');
    expect(() => synth({ modelId: 'm', source: 'm', minReplicas: 3 })).toThrow('minReplicas (3) and maxReplicas (2)');
  });
});
