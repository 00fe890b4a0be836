/**
 * The model list's models: the one schema (JSON Schema via TypeBox) from which come the TypeScript
 * types (`Static<>`), the defaults (`default` keywords, read by lib/spec/defaults.ts), the field
 * names the planner accepts, the descriptions editors show, and models.schema.json (`npm run schema`).
 * Cross-field rules (collisions, canary vs model, clusters, class support) are in lib/plan.
 */
import { Static, Type } from '@sinclair/typebox';
import { acceleratorLabels, findAccelerator, gpuCounts } from '../facts/accelerators';
import { MAX_ADAPTERS, MAX_ADAPTERS_PER_REPLICA, MAX_GPUS_PER_REPLICA, MAX_REPLICAS, MAX_TIMEOUT_SECONDS } from '../facts/limits';
import { Strict } from './schema-kit';

/** A Kubernetes quantity ("6", "500m", "24Gi"); a plain number is read as its decimal text. */
function Quantity(options: { description: string; default?: string }) {
  return Type.Union([Type.String(), Type.Number()], options);
}

/** CPU, memory and local disk of one Ray pod, with the given defaults. Values are Kubernetes quantities. */
function podResources(description: string, defaults?: { cpu: string; memory: string; ephemeralStorage: string }) {
  return Strict({
    cpu: Type.Optional(Quantity({ description: 'CPU request (no CPU limit is set, as in the seed).', ...(defaults ? { default: defaults.cpu } : {}) })),
    memory: Type.Optional(Quantity({ description: 'Memory request. The head also uses it as its memory limit.', ...(defaults ? { default: defaults.memory } : {}) })),
    ephemeralStorage: Type.Optional(Quantity({ description: 'Ephemeral storage request and limit (the model weights are downloaded here).', ...(defaults ? { default: defaults.ephemeralStorage } : {}) })),
  }, { description });
}

export const HeadResourcesSchema = podResources('Resources of the Ray head pod.', { cpu: '2', memory: '8Gi', ephemeralStorage: '32Gi' });
export const WorkerResourcesSchema = podResources(
  'Resources of each GPU worker pod (besides its GPUs). Default: cpu "6" and memory "24Gi" per GPU, ephemeralStorage "24Gi".');
export type PodResourcesSpec = Static<typeof HeadResourcesSchema>;

/** A reference to one key of a Secret or ConfigMap. */
export const KeyRefSchema = Strict({
  name: Type.String({ description: "Name of the Secret or ConfigMap (in the model's namespace)." }),
  key: Type.String({ description: 'Key in it.' }),
}, { description: 'A reference to one key of a Secret or ConfigMap.' });
export type KeyRefSpec = Static<typeof KeyRefSchema>;

export const EnvValueSchema = Type.Union([
  Type.String(),
  Strict({ secretKeyRef: KeyRefSchema }, {}),
  Strict({ configMapKeyRef: KeyRefSchema }, {}),
], { description: 'The value of an environment variable: a literal, or a Secret or ConfigMap key.' });
export type EnvValueSpec = Static<typeof EnvValueSchema>;

export const UpgradeSchema = Type.Union([Type.Literal('newCluster'), Type.Literal('none')], {
  description: "How KubeRay rolls out a change of the Ray cluster (the RayService's spec.upgradeStrategy.type). " +
    '`newCluster` starts a second Ray cluster and switches the serve Service once it is ready (zero downtime; the node pool keeps room for it); ' +
    '`none` leaves the running cluster as it is (changes outside the Serve config and the replica counts wait until the RayCluster is deleted).',
});
export type UpgradeSpec = Static<typeof UpgradeSchema>;

const DEFAULT_ACCELERATOR_LABEL = 'nvidia-l4';

/**
 * gpusPerReplica per accelerator, as JSON Schema can say it (editors flag `gpusPerReplica: 3` on
 * L4): for each accelerator, if the model names it, the GPU counts its machine types offer; without
 * an accelerator, those of the default. The planner checks the same (and a canary's) from the table.
 */
function gpusPerAccelerator(): object[] {
  const counts = (label: string) => ({ type: 'object', properties: { gpusPerReplica: { enum: gpuCounts(findAccelerator(label)!) } } });
  return [
    ...acceleratorLabels().map((label) => ({ if: { type: 'object', properties: { accelerator: { const: label } }, required: ['accelerator'] }, then: counts(label) })),
    { if: { type: 'object', not: { required: ['accelerator'] } }, then: counts(DEFAULT_ACCELERATOR_LABEL) },
  ];
}

/** The fields a model and its canary share (a canary overrides any of them). */
const deploymentFields = {
  source: Type.String({ minLength: 1, description: 'Hugging Face repository id the weights are loaded from, e.g. `google/gemma-2b-it`.' }),
  name: Type.Optional(Type.String({ description: 'Kubernetes name of the RayService (a DNS-1035 label of at most 47 characters). Default: derived from `id` (lower-cased, dots dropped, other invalid characters turned into "-"); a canary\'s is `<name>-canary`.' })),
  accelerator: Type.Optional(Type.String({ default: DEFAULT_ACCELERATOR_LABEL, enum: acceleratorLabels(), description: 'GKE accelerator (the `cloud.google.com/gke-accelerator` node label value); the supported ones are in lib/facts/accelerators.ts.' })),
  gpusPerReplica: Type.Optional(Type.Integer({ default: 1, minimum: 1, maximum: MAX_GPUS_PER_REPLICA, description: 'GPUs each model replica (one Ray worker pod) uses. More than 1 sets vLLM tensor parallelism.' })),
  minReplicas: Type.Optional(Type.Integer({ default: 2, minimum: 0, maximum: MAX_REPLICAS, description: "Fewest model replicas (Ray Serve autoscaling `min_replicas`; also the worker group's minimum)." })),
  maxReplicas: Type.Optional(Type.Integer({ default: 2, minimum: 1, maximum: MAX_REPLICAS, description: "Most model replicas (Ray Serve autoscaling `max_replicas`; also the worker group's maximum)." })),
  engineKwargs: Type.Optional(Type.Record(Type.String(), Type.Unknown(), {
    default: {},
    description: "vLLM engine settings passed through as the llm_config's `engine_kwargs`, e.g. `{ max_model_len: 8192 }`. Keys are checked against vLLM's engine arguments (lib/facts/vllm-engine-args.ts). `tensor_parallel_size x pipeline_parallel_size` must equal gpusPerReplica (tensor_parallel_size is added when gpusPerReplica > 1).",
  })),
  image: Type.Optional(Type.String({ default: 'rayproject/ray-llm:2.54.0-py311-cu128', description: 'Container image of the head and the workers: a Ray Serve LLM image (repository `ray-llm`, e.g. rayproject/ray-llm, or a copy in your registry) whose tag starts with rayVersion; set the two together.' })),
  rayVersion: Type.Optional(Type.String({ default: '2.54.0', description: "Ray version of the image (the RayCluster's `rayVersion`). Supported: 2.54.0 (the default) and 2.60.0, whose Serve schema judges every serve config in the tests (scripts/real/versions.env RAY_VERSIONS); pick one by setting rayVersion and image together." })),
  head: Type.Optional(HeadResourcesSchema),
  worker: Type.Optional(WorkerResourcesSchema),
  env: Type.Optional(Type.Record(Type.String(), EnvValueSchema, {
    default: {},
    description: "Extra environment variables for the head and the workers: a literal string, or a reference to a key of a Secret or ConfigMap in the model's namespace. A literal value under a name that looks like a credential (*TOKEN*, *SECRET*, *PASSWORD*, *_KEY, *CREDENTIALS*) is an error: reference a Secret instead. Names KubeRay validates or sets itself are refused (lib/facts/kuberay-reserved-env.ts).",
  })),
  adapters: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9._-]+$' }), {
    default: [], maxItems: MAX_ADAPTERS,
    description: "LoRA adapters served on this model, by name. Clients send `<id>:<adapter>` as `model` (Ray Serve LLM's naming); Ray loads each from `loraStoragePath`.",
  })),
  loraStoragePath: Type.Optional(Type.String({ description: 'Cloud storage folder holding the adapters (`gs://...` or `s3://...`). Required with adapters.' })),
  maxAdaptersPerReplica: Type.Optional(Type.Integer({ default: 16, minimum: 1, maximum: MAX_ADAPTERS_PER_REPLICA, description: 'Adapters one replica keeps loaded at once.' })),
  allowUnknownEngineKwargs: Type.Optional(Type.String({ description: "Keys of engineKwargs that are not in the library's table of vLLM engine arguments are an error unless this gives the reason they are fine (e.g. a newer image's vLLM has them)." })),
  upgrade: Type.Optional(UpgradeSchema),
  haProxy: Type.Optional(Type.Boolean({ default: true, description: "Set `RAY_SERVE_ENABLE_HA_PROXY=1` on the Ray containers (Serve's HAProxy-based proxy), as the seed does. See the README's known issues." })),
  modelCache: Type.Optional(Type.Boolean({ description: "Read the weights from the list's modelCache bucket (true) or from the Hugging Face Hub (false). Default: the list's `modelCache.allModels` when the list has a modelCache, else false." })),
  weightsGiB: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100000, description: "Size of the model's weights in GiB, for the check that they fit the replica's GPUs (weights <= gpu_memory_utilization x GPU memory x gpusPerReplica). Default: from the library's table of well-known models (lib/facts/gpu-memory.ts) by source; without either, the check is skipped." })),
  allowKvCacheShortfall: Type.Optional(Type.String({ description: "A KV cache that cannot hold one max_model_len sequence (from the table's architecture) is an error unless this gives the reason it is fine; then it is a warning." })),
};

export const CanarySchema = Strict({
  weight: Type.Integer({ minimum: 0, maximum: 100, description: "Percent (0 to 100) of the model's requests the canary gets; the model keeps the rest." }),
  ...deploymentFields,
  source: Type.Optional(Type.String({ minLength: 1, description: "Hugging Face repository id. Default: the model's source." })),
}, { description: "The canary of a model: every field not given here is the model's own. It runs as a second RayService (default name `<name>-canary`) serving the same `id`." });
export type CanarySpec = Static<typeof CanarySchema>;

export const ModelSchema = Strict({
  id: Type.String({ minLength: 1, description: 'The OpenAI `model` name clients send. Routed by an exact match of the header `X-Gateway-Model-Name`, so it is used exactly as written (case and dots included).' }),
  namespace: Type.Optional(Type.String({ description: "Namespace of the model's RayService and policies (a team's). The routes stay with the Gateway; a ReferenceGrant here lets them reach exactly this model's Services. Default: the list's namespace." })),
  clusters: Type.Optional(Type.Array(Type.String(), { description: "The clusters (by name) this model runs in; only with the list's `clusters`. Default: every cluster." })),
  ...deploymentFields,
  pathPrefix: Type.Optional(Type.String({ description: 'A path prefix that reaches this model without the header, e.g. `/gemma`: the route rewrites it to `/`, so `/gemma/v1/chat/completions` reaches Ray as `/v1/chat/completions`.' })),
  timeoutSeconds: Type.Optional(Type.Integer({ default: 600, minimum: 1, maximum: MAX_TIMEOUT_SECONDS, description: 'Seconds the load balancer waits for a whole response (a streamed answer included) before cutting it: the GCPBackendPolicy `timeoutSec` of the serve Service.' })),
  canary: Type.Optional(CanarySchema),
}, { description: 'One model of the list: one RayService, one route rule, one health check.', allOf: gpusPerAccelerator() });
export type ModelSpec = Static<typeof ModelSchema>;
