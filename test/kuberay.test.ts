/**
 * What KubeRay and Ray Serve will really do with the output (issue #15), env references to Secrets
 * (#9 item 6) and engineKwargs parallelism (#14 item 5). Expected values are upstream facts written
 * out here, never taken from the code under test.
 */
import { parse } from 'yaml';
import { planModels } from '../lib';
import { crdSchemaErrors } from './support/crd-schemas';
import { listProblems } from './support/problems';
import { K8sObject, ofKind, synthObjects } from './support/synth';
import { clusterPlan, clusterPlanEnv } from '../lib/plan/cluster-plan';

const model = (extra: Record<string, unknown> = {}) => ({ id: 'm', source: 'org/m', ...extra });
const rayServiceOf = (list: unknown): K8sObject => ofKind(synthObjects(list), 'RayService')[0];
const problemsOf = (extra: Record<string, unknown>) => listProblems({ models: [model(extra)] });

describe('accelerators: every bundle Ray Serve LLM requests fits the worker Ray sees', () => {
  /**
   * The device name `nvidia-smi` (NVML) reports on each GKE accelerator (NVIDIA's product names;
   * the A100 on a2-highgpu/a2-ultragpu machines is the SXM4 part).
   */
  const DEVICE_NAMES: Record<string, string> = {
    'nvidia-l4': 'NVIDIA L4',
    'nvidia-tesla-t4': 'Tesla T4',
    'nvidia-tesla-a100': 'NVIDIA A100-SXM4-40GB',
    'nvidia-a100-80gb': 'NVIDIA A100-SXM4-80GB',
    'nvidia-h100-80gb': 'NVIDIA H100 80GB HBM3',
    'nvidia-h100-mega-80gb': 'NVIDIA H100 80GB HBM3',
    'nvidia-h200-141gb': 'NVIDIA H200',
  };
  /** GPU counts per replica GKE machine types offer (a2-highgpu up to 16, a3-mega/ultra only 8). */
  const GPU_COUNTS: Record<string, number[]> = {
    'nvidia-l4': [1, 2, 4, 8],
    'nvidia-tesla-t4': [1, 2, 4],
    'nvidia-tesla-a100': [1, 2, 4, 8, 16],
    'nvidia-a100-80gb': [1, 2, 4, 8],
    'nvidia-h100-80gb': [1, 2, 4, 8],
    'nvidia-h100-mega-80gb': [8],
    'nvidia-h200-141gb': [8],
  };

  /** Ray's `NVIDIA_GPU_NAME_PATTERN` (ray-project/ray python/ray/_private/accelerators/nvidia_gpu.py), applied like re.match. */
  const rayDetectedType = (deviceName: string) => /^\w+\s+([A-Z0-9]+)/.exec(deviceName)?.[1];

  /**
   * The resources a worker's raylet advertises: GPUs and CPUs KubeRay passes to `ray start` (from the
   * container's GPU limit; CPU limit, else request: kuberay common/pod.go generateRayStartCommand),
   * `accelerator_type:<detected>: 1` (Ray's own detection), and any `rayStartParams.resources`.
   */
  function advertised(rayService: K8sObject, deviceName: string): Record<string, number> {
    const group = rayService.spec.rayClusterConfig.workerGroupSpecs[0];
    const { limits, requests } = group.template.spec.containers[0].resources;
    const resources: Record<string, number> = {
      GPU: Number(limits['nvidia.com/gpu']),
      CPU: Number(limits.cpu ?? requests.cpu),
      [`accelerator_type:${rayDetectedType(deviceName)}`]: 1,
    };
    const custom = group.rayStartParams?.resources;
    if (custom) Object.assign(resources, JSON.parse(custom.replace(/^'|'$/g, '').replace(/\\"/g, '"')));
    return resources;
  }

  /**
   * The bundles of one Serve replica's placement group: the replica actor ({CPU: 1}) and one bundle
   * per device, {GPU: 1, accelerator_type:<type>: 0.001}, for tensor_parallel_size x
   * pipeline_parallel_size devices (ray-project/ray serve llm vllm_models.py placement_bundles).
   */
  function bundles(rayService: K8sObject): Record<string, number>[] {
    const config = parse(rayService.spec.serveConfigV2).applications[0].args.llm_configs[0];
    const kwargs = config.engine_kwargs ?? {};
    const devices = (kwargs.tensor_parallel_size ?? 1) * (kwargs.pipeline_parallel_size ?? 1);
    return [{ CPU: 1 }, ...Array.from({ length: devices }, () => ({ GPU: 1, [`accelerator_type:${config.accelerator_type}`]: 0.001 }))];
  }

  for (const [accelerator, deviceName] of Object.entries(DEVICE_NAMES)) {
    test(`${accelerator} ("${deviceName}"): one worker holds a whole replica at every GPU count`, () => {
      for (const gpus of GPU_COUNTS[accelerator]) {
        const rayService = rayServiceOf({ models: [model({ accelerator, gpusPerReplica: gpus })] });
        const have = advertised(rayService, deviceName);
        const need: Record<string, number> = {};
        for (const bundle of bundles(rayService)) for (const [name, amount] of Object.entries(bundle)) need[name] = (need[name] ?? 0) + amount;
        for (const [name, amount] of Object.entries(need)) {
          expect({ gpus, name, enough: (have[name] ?? 0) >= amount }).toEqual({ gpus, name, enough: true });
        }
      }
    });
  }

  test('A100 models ask Ray for "A100", the type Ray detects on both A100 sizes (not A100-40G/A100-80G)', () => {
    for (const accelerator of ['nvidia-tesla-a100', 'nvidia-a100-80gb']) {
      const config = parse(rayServiceOf({ models: [model({ accelerator })] }).spec.serveConfigV2).applications[0].args.llm_configs[0];
      expect(config.accelerator_type).toBe('A100');
    }
  });
});

describe('env: names KubeRay validates or sets are refused', () => {
  // Names read from kuberay v1.7.0 utils/validation.go (ValidateRayClusterSpec) and common/pod.go (setContainerEnvVars).
  test.each([
    ['RAY_REDIS_ADDRESS', 'KubeRay rejects it without gcsFaultToleranceOptions'],
    ['REDIS_USERNAME', 'KubeRay always rejects it'],
    ['REDIS_PASSWORD', 'KubeRay rejects it with gcsFaultToleranceOptions'],
    ['RAY_enable_autoscaler_v2', 'KubeRay rejects "1"/"true" on a fixed-size cluster'],
    ['RAY_ADDRESS', 'KubeRay sets the cluster address'],
    ['RAY_CLUSTER_NAME', 'KubeRay sets it'],
    ['KUBERAY_GEN_RAY_START_CMD', 'KubeRay stores the generated `ray start` command'],
    ['RAY_SERVE_KV_TIMEOUT_S', 'KubeRay sets it on RayService clusters'],
    ['RAY_timeout_ms_task_wait_for_death_info', 'KubeRay sets it on RayService clusters'],
  ])('%s', (name, reason) => {
    const problems = problemsOf({ env: { [name]: '1' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^models\\[0\\] "m": env "${name}" cannot be set: `));
    expect(problems[0]).toContain(reason);
  });

  test('the HAProxy variable points at the haProxy setting', () => {
    expect(problemsOf({ env: { RAY_SERVE_ENABLE_HA_PROXY: '0' } })[0]).toContain('use haProxy: true|false');
  });
});

describe('env: Secret and ConfigMap references; no credentials in clear text', () => {
  test('references become valueFrom, literals stay values', () => {
    const env = {
      HF_TOKEN: { secretKeyRef: { name: 'hf-token', key: 'token' } },
      VLLM_CONFIG: { configMapKeyRef: { name: 'vllm.settings', key: 'config.json' } },
      TOKENIZERS_PARALLELISM: 'false',
    };
    const rayService = rayServiceOf({ models: [model({ env })] });
    const head = rayService.spec.rayClusterConfig.headGroupSpec.template.spec.containers[0];
    const worker = rayService.spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0];
    for (const container of [head, worker]) {
      expect(container.env.slice(-3)).toEqual([
        { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
        { name: 'VLLM_CONFIG', valueFrom: { configMapKeyRef: { name: 'vllm.settings', key: 'config.json' } } },
        { name: 'TOKENIZERS_PARALLELISM', value: 'false' },
      ]);
    }
    expect(crdSchemaErrors(rayService)).toEqual([]);
  });

  test.each(['HF_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'OPENAI_API_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'my_secret', 'WANDB_APIKEY'])(
    'a literal %s is refused with the reference form suggested',
    (name) => {
      const problems = problemsOf({ env: { [name]: 'hf_abcdefghijklmnop' } });
      expect(problems).toEqual([
        `models[0] "m": env.${name} looks like a credential and would be written in clear text to dist/; reference a Secret instead: ${name}: { secretKeyRef: { name: <secret>, key: <key> } }`,
      ]);
    },
  );

  test('names that merely contain a credential word are fine', () => {
    expect(() => planModels({ models: [model({ env: { TOKENIZERS_PARALLELISM: 'false', KEYBOARD_LAYOUT: 'us', MONKEY_MODE: 'on' } })] })).not.toThrow();
  });

  test('Secret names and keys follow Kubernetes\' rules', () => {
    const ref = (name: unknown, key: unknown) => ({ secretKeyRef: { name, key } });
    expect(problemsOf({ env: { A: ref('Bad_Name', 'k'), B: ref('ok', '..data'), C: ref('ok', '.'), D: ref('ok', 'k'.repeat(254)), E: ref('ok', 'a/b') } })).toEqual([
      'models[0] "m": env.A.secretKeyRef.name "Bad_Name" must be a DNS subdomain (lower-case letters, digits, "-" and ".")',
      'models[0] "m": env.B.secretKeyRef.key "..data" may not be "." or "..", nor start with ".."',
      'models[0] "m": env.C.secretKeyRef.key "." may not be "." or "..", nor start with ".."',
      `models[0] "m": env.D.secretKeyRef.key "${'k'.repeat(254)}" must be at most 253 characters`,
      'models[0] "m": env.E.secretKeyRef.key "a/b" may hold only letters, digits, "-", "_" and "."',
    ]);
  });

  test('other shapes are refused', () => {
    expect(problemsOf({ env: { A: { secretKeyRef: { name: 's', key: 'k', optional: true } }, B: { value: 'x' }, C: 3 } })).toEqual([
      'models[0] "m" env.A.secretKeyRef: unknown field "optional" (known: name, key)',
      'models[0] "m": env.B must be a string (quote numbers and booleans in YAML), { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } } (got a map with "value")',
      'models[0] "m": env.C must be a string (quote numbers and booleans in YAML), { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } } (got a number)',
    ]);
  });
});

describe('autoscaler sidecar: hardened like the Ray containers when autoscaling is on', () => {
  const hardened = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
  // KubeRay's own defaults for the sidecar (kuberay common/pod.go BuildAutoscalerContainer).
  const resources = { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '500m', memory: '512Mi' } };

  test('min < max: enableInTreeAutoscaling with autoscalerOptions securityContext and resources', () => {
    const config = rayServiceOf({ models: [model({ minReplicas: 1, maxReplicas: 3 })] }).spec.rayClusterConfig;
    expect(config.enableInTreeAutoscaling).toBe(true);
    expect(config.autoscalerOptions).toEqual({ resources, securityContext: hardened });
  });

  test('podSecurity off: resources only', () => {
    const config = rayServiceOf({ security: { podSecurity: false }, models: [model({ minReplicas: 1, maxReplicas: 2 })] }).spec.rayClusterConfig;
    expect(config.autoscalerOptions).toEqual({ resources });
  });

  test('fixed size (the seed): no autoscaler at all', () => {
    const config = rayServiceOf({ models: [model()] }).spec.rayClusterConfig;
    expect([config.enableInTreeAutoscaling, config.autoscalerOptions]).toEqual([undefined, undefined]);
  });

  test('the autoscaled RayService validates against the KubeRay v1.7.0 CRD', () => {
    expect(crdSchemaErrors(rayServiceOf({ models: [model({ minReplicas: 1, maxReplicas: 3 })] }))).toEqual([]);
  });
});

describe('worker memory: the limit equals the request', () => {
  const workerResources = (extra: Record<string, unknown>) =>
    rayServiceOf({ models: [model(extra)] }).spec.rayClusterConfig.workerGroupSpecs[0].template.spec.containers[0].resources;

  test('default: 24Gi per GPU as request and limit', () => {
    const { limits, requests } = workerResources({ accelerator: 'nvidia-l4', gpusPerReplica: 2 });
    expect([limits.memory, requests.memory]).toEqual(['48Gi', '48Gi']);
  });

  test('worker.memory sets both', () => {
    const { limits, requests } = workerResources({ worker: { memory: '20Gi' } });
    expect([limits.memory, requests.memory]).toEqual(['20Gi', '20Gi']);
  });
});

describe('upgrades: upgrade setting -> spec.upgradeStrategy, node pools with room for a second copy', () => {
  const strategies = (list: Record<string, unknown>) => ofKind(synthObjects(list), 'RayService').map((r) => r.spec.upgradeStrategy);

  test('default newCluster; per model none; list-level default with a model override', () => {
    expect(strategies({ models: [model(), model({ id: 'n', upgrade: 'none' })] })).toEqual([{ type: 'NewCluster' }, { type: 'None' }]);
    expect(strategies({ upgrade: 'none', models: [model(), model({ id: 'n', upgrade: 'newCluster' })] })).toEqual([{ type: 'None' }, { type: 'NewCluster' }]);
  });

  test('the canary takes the model\'s setting unless it has its own', () => {
    expect(strategies({ models: [model({ upgrade: 'none', canary: { weight: 10 } })] })).toEqual([{ type: 'None' }, { type: 'None' }]);
    expect(strategies({ models: [model({ upgrade: 'none', canary: { weight: 10, upgrade: 'newCluster' } })] })).toEqual([{ type: 'None' }, { type: 'NewCluster' }]);
  });

  test('anything else is an error; incremental says why it is not offered', () => {
    expect(listProblems({ upgrade: 'sometimes', models: [model({ upgrade: 'incremental' })] })).toEqual([
      'upgrade: upgrade must be "newCluster" or "none" (got "sometimes")',
      'models[0] "m": upgrade must be "newCluster" or "none" (got "incremental") (KubeRay\'s NewClusterWithIncrementalUpgrade is not supported: it needs the Ray autoscaler and has KubeRay drive its own Gateway and HTTPRoute, which would compete with this library\'s routes)',
    ]);
  });

  test('the plan keeps room for each newCluster model\'s second copy at minReplicas; none needs none', () => {
    const list = {
      models: [
        model({ id: 'a', minReplicas: 2, maxReplicas: 4 }), // 4 GPUs; a second copy starts with 2
        model({ id: 'b', minReplicas: 1, maxReplicas: 1, upgrade: 'none' }), // 1 GPU; no copy
        model({ id: 'c', accelerator: 'nvidia-h100-80gb', gpusPerReplica: 8, minReplicas: 1, maxReplicas: 2 }), // 16 GPUs; copy 8
      ],
    };
    const text = clusterPlanEnv(clusterPlan(planModels(list), 'deploy/router-values.yaml'));
    expect(text.split('\n').filter((line) => line.startsWith('PLAN_NODE_POOL_'))).toEqual([
      'PLAN_NODE_POOL_COUNT=2',
      'PLAN_NODE_POOL_1_NAME=gpu-nvidia-l4',
      'PLAN_NODE_POOL_1_ACCELERATOR=nvidia-l4',
      'PLAN_NODE_POOL_1_GPUS_PER_NODE=1',
      'PLAN_NODE_POOL_1_MACHINE_TYPE=g2-standard-8',
      'PLAN_NODE_POOL_1_NODES=5',
      'PLAN_NODE_POOL_1_UPGRADE_NODES=2',
      'PLAN_NODE_POOL_1_MAX_NODES=7',
      'PLAN_NODE_POOL_2_NAME=gpu-nvidia-h100-80gb',
      'PLAN_NODE_POOL_2_ACCELERATOR=nvidia-h100-80gb',
      'PLAN_NODE_POOL_2_GPUS_PER_NODE=8',
      'PLAN_NODE_POOL_2_MACHINE_TYPE=a3-highgpu-8g',
      'PLAN_NODE_POOL_2_NODES=2',
      'PLAN_NODE_POOL_2_UPGRADE_NODES=1',
      'PLAN_NODE_POOL_2_MAX_NODES=3',
    ]);
  });
});

describe('engineKwargs: checked against vLLM\'s engine arguments', () => {
  const kwargsOf = (extra: Record<string, unknown>) =>
    parse(rayServiceOf({ models: [model(extra)] }).spec.serveConfigV2).applications[0].args.llm_configs[0].engine_kwargs;

  test('known keys pass through', () => {
    expect(kwargsOf({ engineKwargs: { max_model_len: 8192, gpu_memory_utilization: 0.85, enable_prefix_caching: true } })).toEqual({
      max_model_len: 8192, gpu_memory_utilization: 0.85, enable_prefix_caching: true,
    });
  });

  test('a typo names the closest key', () => {
    expect(problemsOf({ engineKwargs: { max_model_length: 8192, gpu_memory_utilisation: 0.9 } })).toEqual([
      'models[0] "m": engineKwargs.max_model_length is not a vLLM 0.15 engine argument (did you mean "max_model_len"?); Ray Serve LLM would fail with "Unknown engine argument". If the image\'s vLLM has it, set allowUnknownEngineKwargs to the reason',
      'models[0] "m": engineKwargs.gpu_memory_utilisation is not a vLLM 0.15 engine argument (did you mean "gpu_memory_utilization"?); Ray Serve LLM would fail with "Unknown engine argument". If the image\'s vLLM has it, set allowUnknownEngineKwargs to the reason',
    ]);
  });

  test('an unknown key far from any is refused without a suggestion, and allowed with a reason', () => {
    expect(problemsOf({ engineKwargs: { quantum_flux: 1 } })).toEqual([
      'models[0] "m": engineKwargs.quantum_flux is not a vLLM 0.15 engine argument; Ray Serve LLM would fail with "Unknown engine argument". If the image\'s vLLM has it, set allowUnknownEngineKwargs to the reason',
    ]);
    expect(kwargsOf({ engineKwargs: { quantum_flux: 1 }, allowUnknownEngineKwargs: 'custom image with vLLM main' })).toEqual({ quantum_flux: 1 });
    expect(problemsOf({ engineKwargs: { quantum_flux: 1 }, allowUnknownEngineKwargs: '' })).toHaveLength(2);
  });

  test('keys Ray Serve LLM sets from other fields cannot be given', () => {
    expect(problemsOf({ engineKwargs: { model: 'x', served_model_name: 'y', distributed_executor_backend: 'mp' } })).toEqual([
      'models[0] "m": engineKwargs.model cannot be set: Ray Serve LLM loads the model from the model\'s `source`; set source instead',
      'models[0] "m": engineKwargs.served_model_name cannot be set: Ray Serve LLM serves the model under its `id`; set id (or aliases) instead',
      'models[0] "m": engineKwargs.distributed_executor_backend cannot be set: Ray Serve LLM sets it to "ray" itself',
    ]);
  });
});

describe('engineKwargs: tensor x pipeline parallelism equals gpusPerReplica', () => {
  const kwargsOf = (extra: Record<string, unknown>) =>
    parse(rayServiceOf({ models: [model({ accelerator: 'nvidia-h100-80gb', ...extra })] }).spec.serveConfigV2).applications[0].args.llm_configs[0].engine_kwargs;

  test('derived: tp = gpus; with pp alone, tp = gpus / pp; both given and consistent: kept', () => {
    expect(kwargsOf({ gpusPerReplica: 4 })).toEqual({ tensor_parallel_size: 4 });
    expect(kwargsOf({ gpusPerReplica: 4, engineKwargs: { pipeline_parallel_size: 2 } })).toEqual({ pipeline_parallel_size: 2, tensor_parallel_size: 2 });
    expect(kwargsOf({ gpusPerReplica: 8, engineKwargs: { tensor_parallel_size: 4, pipeline_parallel_size: 2 } })).toEqual({ tensor_parallel_size: 4, pipeline_parallel_size: 2 });
    expect(kwargsOf({ gpusPerReplica: 1 })).toBeUndefined();
  });

  test('mismatches name the model and the field', () => {
    expect(problemsOf({ gpusPerReplica: 1, engineKwargs: { tensor_parallel_size: 4 } })).toEqual([
      'models[0] "m": engineKwargs.tensor_parallel_size (4) must equal gpusPerReplica (1): each replica\'s worker pod has 1 GPU',
    ]);
    expect(problemsOf({ accelerator: 'nvidia-h100-80gb', gpusPerReplica: 8, engineKwargs: { tensor_parallel_size: 2, pipeline_parallel_size: 2 } })).toEqual([
      'models[0] "m": engineKwargs.tensor_parallel_size (2) x pipeline_parallel_size (2) must equal gpusPerReplica (8): each replica\'s worker pod has 8 GPUs',
    ]);
    expect(problemsOf({ accelerator: 'nvidia-h100-80gb', gpusPerReplica: 4, engineKwargs: { pipeline_parallel_size: 3 } })).toEqual([
      'models[0] "m": engineKwargs.pipeline_parallel_size (3) must divide gpusPerReplica (4): tensor_parallel_size x pipeline_parallel_size is the number of GPUs a replica uses',
    ]);
    expect(problemsOf({ engineKwargs: { tensor_parallel_size: 'two', pipeline_parallel_size: 0 } })).toEqual([
      'models[0] "m": engineKwargs.tensor_parallel_size must be a whole number >= 1 (got "two")',
      'models[0] "m": engineKwargs.pipeline_parallel_size must be a whole number >= 1 (got 0)',
    ]);
  });

  test('enable_lora is the library\'s when adapters are served', () => {
    const adapters = { adapters: ['a'], loraStoragePath: 'gs://bucket/loras' };
    expect(problemsOf({ ...adapters, engineKwargs: { enable_lora: false } })).toEqual([
      'models[0] "m": engineKwargs.enable_lora cannot be false for a model with adapters (the library sets it)',
    ]);
  });
});

describe('HAProxy: a documented setting, on by default (the seed)', () => {
  const envNames = (extra: Record<string, unknown>) =>
    rayServiceOf({ models: [model(extra)] }).spec.rayClusterConfig.headGroupSpec.template.spec.containers[0].env.map((e: { name: string }) => e.name);

  test('default: RAY_SERVE_ENABLE_HA_PROXY=1 as in the seed; haProxy: false drops it', () => {
    expect(envNames({})).toContain('RAY_SERVE_ENABLE_HA_PROXY');
    expect(envNames({ haProxy: false })).not.toContain('RAY_SERVE_ENABLE_HA_PROXY');
    expect(problemsOf({ haProxy: 'yes' })).toEqual(['models[0] "m": haProxy must be true or false (got "yes")']);
  });
});
