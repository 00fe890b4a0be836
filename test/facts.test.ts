/** Facts about the synth of the seed list (test/fixtures/lists/seed.yaml) that a snapshot only shows: routing, names, the Serve config. */
import { parse } from 'yaml';
import { planModels } from '../lib';
import { defaultList, K8sObject, ofKind, synthFiles, synthObjects } from './support/synth';
import { RICH_LIST } from './support/lists';
import { headerTable } from './support/header-table';
import { MODEL_NAME_HEADER } from '../lib/facts/router';

const objects = synthObjects(defaultList());
const rayServices = ofKind(objects, 'RayService');
const routes = ofKind(objects, 'HTTPRoute');

/** The GET /v1/models rule (path only, to the model list responder: test/model-list.test.ts). */
const isModelListRule = (rule: any) => rule.matches.every((m: any) => m.path.value === '/v1/models' && !m.headers);

/** Model id -> backend "service:port" over every rule; every match but the model list's must carry the model-name header. */
function routeTable(all: K8sObject[]): Map<string, string> {
  for (const route of ofKind(all, 'HTTPRoute')) {
    for (const rule of route.spec.rules.filter((r: any) => !isModelListRule(r))) for (const match of rule.matches) expect(match.headers.map((h: any) => h.name)).toEqual([MODEL_NAME_HEADER]);
  }
  const prefix = `${MODEL_NAME_HEADER}=`;
  return new Map([...headerTable(all)].map(([key, backends]) => [key.slice(prefix.length), backends]));
}

test('the seed list synthesizes 2 RayServices, 3 HealthCheckPolicies, 2 GCPBackendPolicies, 3 NetworkPolicies, 1 Gateway, 1 HTTPRoute, and the model list responder', () => {
  const count = (kind: string) => ofKind(objects, kind).length;
  // The third HealthCheckPolicy and NetworkPolicy, the ConfigMap, Deployment and Service: GET /v1/models (gateway.modelList).
  expect([count('RayService'), count('HealthCheckPolicy'), count('GCPBackendPolicy'), count('NetworkPolicy'), count('Gateway'), count('HTTPRoute')]).toEqual([2, 3, 2, 3, 1, 1]);
  expect([count('ConfigMap'), count('Deployment'), count('Service')]).toEqual([1, 1, 1]);
  expect(objects).toHaveLength(16);
  expect(Object.keys(synthFiles(defaultList())).sort()).toEqual(['default/gateway.k8s.yaml', 'default/identity.k8s.yaml', 'default/model-gemma-2b-it.k8s.yaml', 'default/model-qwen-25-3b.k8s.yaml']);
});

test('the seed names: qwen-2.5-3b is served by RayService qwen-25-3b', () => {
  expect(rayServices.map((r) => r.metadata.name)).toEqual(['gemma-2b-it', 'qwen-25-3b']);
});

test('every model id routes, by exact header, to exactly its RayService serve Service on 8000', () => {
  const table = routeTable(objects);
  expect(Object.fromEntries(table)).toEqual({
    'gemma-2b-it': 'gemma-2b-it-serve-svc:8000',
    'qwen-2.5-3b': 'qwen-25-3b-serve-svc:8000',
  });
  for (const service of rayServices) {
    const id = parse(service.spec.serveConfigV2).applications[0].args.llm_configs[0].model_loading_config.model_id;
    expect(table.get(id)).toBe(`${service.metadata.name}-serve-svc:8000`);
  }
});

test('the route matches every path and attaches to the Gateway', () => {
  const [gateway] = ofKind(objects, 'Gateway');
  expect(gateway.spec).toEqual({
    gatewayClassName: 'gke-l7-rilb',
    listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
  });
  expect(gateway.metadata.name).toBe('ray-multi-model-gateway');
  expect(routes[0].metadata.name).toBe('ray-multi-model-route');
  expect(routes[0].spec.parentRefs).toEqual([{ name: 'ray-multi-model-gateway' }]);
  for (const rule of routes[0].spec.rules.filter((r: any) => !isModelListRule(r))) {
    expect(rule.matches[0].path).toEqual({ type: 'PathPrefix', value: '/' });
    expect(rule.backendRefs[0].kind).toBe('Service');
  }
});

test('each HealthCheckPolicy targets the serve Service of an existing model, at /-/healthz:8000', () => {
  const policies = ofKind(objects, 'HealthCheckPolicy').filter((p) => p.metadata.name !== 'ray-multi-model-gateway-models-healthcheck');
  const serveServices = rayServices.map((r) => `${r.metadata.name}-serve-svc`);
  expect(policies.map((p) => p.spec.targetRef.name).sort()).toEqual(serveServices.sort());
  for (const policy of policies) {
    expect(policy.spec.targetRef).toMatchObject({ group: '', kind: 'Service' });
    expect(policy.spec.default).toEqual({
      checkIntervalSec: 5,
      timeoutSec: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      // The GKE CRD's CEL rules accept `port` only with portSpecification USE_FIXED_PORT (issue #8).
      config: { type: 'HTTP', httpHealthCheck: { portSpecification: 'USE_FIXED_PORT', port: 8000, requestPath: '/-/healthz' } },
    });
  }
});

test('serveConfigV2 parses back to the expected Serve config', () => {
  expect(parse(rayServices[1].spec.serveConfigV2)).toEqual({
    applications: [
      {
        name: 'llm_app',
        route_prefix: '/',
        import_path: 'ray.serve.llm:build_openai_app',
        args: {
          llm_configs: [
            {
              model_loading_config: { model_id: 'qwen-2.5-3b', model_source: 'Qwen/Qwen2.5-3B' },
              accelerator_type: 'L4',
              log_engine_metrics: true,
              deployment_config: {
                autoscaling_config: { min_replicas: 2, max_replicas: 2 },
                health_check_period_s: 30,
                health_check_timeout_s: 60,
                graceful_shutdown_timeout_s: 600,
                graceful_shutdown_wait_loop_s: 2,
              },
            },
          ],
        },
      },
    ],
  });
});

test.each([
  ['v1.0', 'a float'],
  ['true', 'a boolean'],
  ['0x1F', 'an integer'],
  ['null', 'null'],
])('a model id that YAML would read as another type stays a string in serveConfigV2: %s (%s)', (id) => {
  const [service] = ofKind(synthObjects({ models: [{ id, source: 'org/x', name: 'model-x' }] }), 'RayService');
  const llm = parse(service.spec.serveConfigV2).applications[0].args.llm_configs[0];
  expect(llm.model_loading_config).toEqual({ model_id: id, model_source: 'org/x' });
  expect(typeof llm.model_loading_config.model_id).toBe('string');
});

test('the Ray cluster matches the seed: head, one GPU worker group, token from the Secret', () => {
  for (const service of rayServices) {
    const cluster = service.spec.rayClusterConfig;
    expect(cluster.rayVersion).toBe('2.54.0');
    expect(cluster.enableInTreeAutoscaling).toBeUndefined();
    expect(cluster.headGroupSpec.rayStartParams).toEqual({ 'dashboard-host': '0.0.0.0', 'num-cpus': '0' });
    const head = cluster.headGroupSpec.template.spec.containers[0];
    expect(head.image).toBe('rayproject/ray-llm:2.54.0-py311-cu128');
    expect(head.ports).toEqual([
      { containerPort: 6379, name: 'gcs-server' },
      { containerPort: 8265, name: 'dashboard' },
      { containerPort: 10001, name: 'client' },
      { containerPort: 8000, name: 'serve' },
    ]);
    expect(head.resources).toEqual({
      limits: { 'memory': '8Gi', 'ephemeral-storage': '32Gi' },
      requests: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '32Gi' },
    });
    expect(cluster.workerGroupSpecs).toHaveLength(1);
    const group = cluster.workerGroupSpecs[0];
    expect([group.groupName, group.replicas, group.minReplicas, group.maxReplicas]).toEqual(['gpu-group', 2, 2, 2]);
    const worker = group.template.spec.containers[0];
    expect(worker.resources).toEqual({
      // The memory limit is this project's addition to the seed (Ray sizes its memory from the limit; see README).
      limits: { 'memory': '24Gi', 'nvidia.com/gpu': '1', 'ephemeral-storage': '24Gi' },
      requests: { 'cpu': '6', 'memory': '24Gi', 'nvidia.com/gpu': '1', 'ephemeral-storage': '24Gi' },
    });
    expect(group.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-l4' });
    for (const container of [head, worker]) {
      expect(container.env).toEqual([
        { name: 'RAY_SERVE_THROUGHPUT_OPTIMIZED', value: '1' },
        { name: 'RAY_SERVE_ENABLE_HA_PROXY', value: '1' },
        { name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } } },
      ]);
    }
  }
});

// That the Hugging Face token never reaches a manifest, an argument or a log line is tested where a
// token exists: scripts/cluster.sh (test/cluster-script.test.ts) and a synth run with the token in its
// environment (test/workflow.test.ts). Synth itself only names the Secret.
test('every object carries its namespace, and no manifest holds a Secret', () => {
  for (const object of objects) expect(object.metadata.namespace).toBe('default');
  expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
});

describe('a list using the optional fields', () => {
  const rich = synthObjects(RICH_LIST);
  const llama = ofKind(rich, 'RayService').find((r) => r.metadata.name === 'llama-70b')!;
  const cluster = llama.spec.rayClusterConfig;
  const worker = cluster.workerGroupSpecs[0];

  test('GPUs per replica set the worker GPUs and tensor parallelism; engine settings pass through', () => {
    expect(worker.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('4');
    const llm = parse(llama.spec.serveConfigV2).applications[0].args.llm_configs[0];
    expect(llm.accelerator_type).toBe('H100');
    expect(llm.engine_kwargs).toEqual({ max_model_len: 8192, gpu_memory_utilization: 0.9, tensor_parallel_size: 4 });
    expect(worker.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-accelerator': 'nvidia-h100-80gb' });
  });

  test('a replica range turns on the Ray autoscaler and sizes the worker group', () => {
    expect(cluster.enableInTreeAutoscaling).toBe(true);
    expect([worker.replicas, worker.minReplicas, worker.maxReplicas]).toEqual([1, 1, 3]);
    expect(parse(llama.spec.serveConfigV2).applications[0].args.llm_configs[0].deployment_config.autoscaling_config).toEqual({ min_replicas: 1, max_replicas: 3 });
  });

  test('resources, extra env and the secret settings are used', () => {
    expect(worker.template.spec.containers[0].resources.requests).toMatchObject({ cpu: '40', memory: '400Gi', 'ephemeral-storage': '500Gi' });
    expect(cluster.headGroupSpec.template.spec.containers[0].resources.requests).toMatchObject({ cpu: '4', memory: '16Gi' });
    const env = worker.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' });
    expect(env).toContainEqual({ name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } });
  });

  test('default worker CPU and memory scale with GPUs per replica', () => {
    const plan = planModels({ models: [{ id: 'big', source: 'org/big', gpusPerReplica: 2 }] });
    expect(plan.models[0].deployments[0].worker).toEqual({ cpu: '12', memory: '48Gi', ephemeralStorage: '24Gi' });
  });

  test('routes and names follow the list settings', () => {
    expect(Object.fromEntries(routeTable(rich))).toEqual({
      'gemma-2b-it': 'gemma-2b-it-serve-svc:8000',
      'Llama-3.1-70B-Instruct': 'llama-70b-serve-svc:8000',
      'mistral-7b': 'mistral-7b-serve-svc:8000',
    });
    for (const object of rich) expect(object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace).toBe('llm');
    expect(ofKind(rich, 'Gateway')[0].spec.gatewayClassName).toBe('gke-l7-regional-external-managed');
    expect(ofKind(rich, 'HTTPRoute')[0].spec.parentRefs).toEqual([{ name: 'llm-gateway' }]);
  });
});
