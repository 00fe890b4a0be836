/**
 * Model list -> validated plan. All checks run before anything is built or written, and every
 * problem is reported at once, each naming the model and the field.
 */
import { acceleratorLabels, findAccelerator, gpuCounts } from './accelerators';
import { ModelListError } from './model-list-error';
import { ModelPlan, PlannedModel, PodResources } from './model-plan';
import { ModelListSpec, ModelSpec, PodResourcesSpec } from './model-spec';
import { MAX_ROUTE_RULES } from './model-route';
import { GKE_GATEWAY_CLASSES } from './gateway';
import { healthCheckName, labelProblem, nameFromModelId, rayServiceNameProblem, serveServiceName } from './names';

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_GATEWAY_NAME = 'ray-multi-model-gateway';
export const DEFAULT_GATEWAY_CLASS = 'gke-l7-rilb';
export const DEFAULT_ROUTE_NAME = 'ray-multi-model-route';
export const DEFAULT_HF_SECRET_NAME = 'hf-secret';
export const DEFAULT_HF_SECRET_KEY = 'hf_api_token';
export const DEFAULT_ACCELERATOR = 'nvidia-l4';
export const DEFAULT_GPUS_PER_REPLICA = 1;
export const DEFAULT_MIN_REPLICAS = 2;
export const DEFAULT_MAX_REPLICAS = 2;
export const DEFAULT_IMAGE = 'rayproject/ray-llm:2.54.0-py311-cu128';
export const DEFAULT_RAY_VERSION = '2.54.0';
export const DEFAULT_HEAD: PodResources = { cpu: '2', memory: '8Gi', ephemeralStorage: '32Gi' };
/** Worker CPU and memory per GPU; ephemeral storage per pod. */
export const DEFAULT_WORKER_PER_GPU = { cpu: 6, memoryGi: 24, ephemeralStorage: '24Gi' };

/** Header values may not be longer (Gateway API HTTPHeaderMatch.value). */
const MAX_ID_LENGTH = 4096;

/** Environment variables the RayService sets itself; a model may not override them. */
export const RESERVED_ENV = ['HUGGING_FACE_HUB_TOKEN', 'RAY_SERVE_THROUGHPUT_OPTIMIZED', 'RAY_SERVE_ENABLE_HA_PROXY'];

const MODEL_FIELDS = [
  'id', 'source', 'name', 'accelerator', 'gpusPerReplica', 'minReplicas', 'maxReplicas',
  'engineKwargs', 'image', 'rayVersion', 'head', 'worker', 'env',
];
const LIST_FIELDS = ['namespace', 'gateway', 'huggingFaceSecret', 'models'];
const GATEWAY_FIELDS = ['name', 'className', 'routeName'];
const SECRET_FIELDS = ['name', 'key'];
const RESOURCE_FIELDS = ['cpu', 'memory', 'ephemeralStorage'];

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems; `where` prefixes name the model or the list setting. */
class Problems {
  readonly list: string[] = [];

  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }

  unknownFields(where: string, value: Json, known: string[]): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.add(where, `unknown field "${key}" (known: ${known.join(', ')})`);
    }
  }

  string(where: string, field: string, value: unknown, fallback: string): string {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(where, `${field} must be a non-empty string (got ${JSON.stringify(value)})`);
      return fallback;
    }
    return value;
  }

  required(where: string, field: string, value: unknown): string {
    if (value === undefined) {
      this.add(where, `${field} is required`);
      return '';
    }
    return this.string(where, field, value, '');
  }

  wholeNumber(where: string, field: string, value: unknown, fallback: number, min: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.add(where, `${field} must be a whole number >= ${min} (got ${JSON.stringify(value)})`);
      return fallback;
    }
    return value;
  }

  label(where: string, field: string, value: unknown, fallback: string): string {
    const name = this.string(where, field, value, fallback);
    const problem = labelProblem(name);
    if (problem) this.add(where, `${field} "${name}" ${problem}`);
    return name;
  }
}

function modelWhere(index: number, raw: unknown): string {
  const id = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' ? ` "${raw.id}"` : '';
  return `models[${index}]${id}`;
}

function quantity(problems: Problems, where: string, field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !QUANTITY.test(text)) {
    problems.add(where, `${field} must be a Kubernetes quantity such as "6", "500m" or "24Gi" (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return text;
}

function resources(problems: Problems, where: string, field: string, raw: unknown, defaults: PodResources): PodResources {
  if (raw === undefined) return defaults;
  if (!isObject(raw)) {
    problems.add(where, `${field} must be a map with cpu, memory, ephemeralStorage`);
    return defaults;
  }
  problems.unknownFields(`${where} ${field}`, raw, RESOURCE_FIELDS);
  const spec = raw as PodResourcesSpec;
  return {
    cpu: quantity(problems, where, `${field}.cpu`, spec.cpu, defaults.cpu),
    memory: quantity(problems, where, `${field}.memory`, spec.memory, defaults.memory),
    ephemeralStorage: quantity(problems, where, `${field}.ephemeralStorage`, spec.ephemeralStorage, defaults.ephemeralStorage),
  };
}

function env(problems: Problems, where: string, raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.add(where, 'env must be a map of variable name to string value');
    return {};
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!ENV_NAME.test(name)) problems.add(where, `env "${name}" is not a valid variable name`);
    else if (RESERVED_ENV.includes(name)) problems.add(where, `env "${name}" is set by the library and cannot be overridden`);
    else if (typeof value !== 'string') problems.add(where, `env "${name}" must be a string (quote it in YAML; got ${JSON.stringify(value)})`);
    else result[name] = value;
  }
  return result;
}

function engineKwargs(problems: Problems, where: string, raw: unknown, gpus: number): Record<string, unknown> {
  if (raw !== undefined && !isObject(raw)) {
    problems.add(where, 'engineKwargs must be a map of vLLM engine settings');
    return {};
  }
  const kwargs: Record<string, unknown> = { ...(raw ?? {}) };
  if (gpus > 1) {
    if (kwargs.tensor_parallel_size !== undefined && kwargs.tensor_parallel_size !== gpus) {
      problems.add(where, `engineKwargs.tensor_parallel_size (${JSON.stringify(kwargs.tensor_parallel_size)}) must equal gpusPerReplica (${gpus})`);
    }
    kwargs.tensor_parallel_size = gpus;
  }
  return kwargs;
}

function planModel(problems: Problems, index: number, raw: unknown): PlannedModel | undefined {
  const where = modelWhere(index, raw);
  if (!isObject(raw)) {
    problems.add(where, 'must be a map with at least id and source');
    return undefined;
  }
  problems.unknownFields(where, raw, MODEL_FIELDS);
  const spec = raw as Partial<ModelSpec>;

  const id = problems.required(where, 'id', spec.id);
  if (id.length > MAX_ID_LENGTH) problems.add(where, `id is ${id.length} characters long; a header value allows at most ${MAX_ID_LENGTH}`);
  if (id !== id.trim()) problems.add(where, 'id has leading or trailing spaces, which a client would never send');
  const source = problems.required(where, 'source', spec.source);

  const name = spec.name === undefined ? nameFromModelId(id) : problems.string(where, 'name', spec.name, '');
  const nameProblem = rayServiceNameProblem(name);
  if (nameProblem && id !== '') {
    const origin = spec.name === undefined ? `name "${name}" (derived from id) ` : `name "${name}" `;
    const hint = spec.name === undefined ? '; set name to a valid one' : '';
    problems.add(where, `${origin}${nameProblem}${hint}`);
  }

  const acceleratorLabel = problems.string(where, 'accelerator', spec.accelerator, DEFAULT_ACCELERATOR);
  const accelerator = findAccelerator(acceleratorLabel);
  if (!accelerator) problems.add(where, `accelerator "${acceleratorLabel}" is not supported (supported: ${acceleratorLabels().join(', ')})`);

  const gpus = problems.wholeNumber(where, 'gpusPerReplica', spec.gpusPerReplica, DEFAULT_GPUS_PER_REPLICA, 1);
  if (accelerator && !gpuCounts(accelerator).includes(gpus)) {
    problems.add(where, `gpusPerReplica ${gpus} is not offered for ${accelerator.label} (choose one of ${gpuCounts(accelerator).join(', ')})`);
  }
  const minReplicas = problems.wholeNumber(where, 'minReplicas', spec.minReplicas, DEFAULT_MIN_REPLICAS, 0);
  const maxReplicas = problems.wholeNumber(where, 'maxReplicas', spec.maxReplicas, DEFAULT_MAX_REPLICAS, 1);
  if (minReplicas > maxReplicas) {
    const maxNote = spec.maxReplicas === undefined ? ', the default' : '';
    problems.add(where, `minReplicas (${minReplicas}) is greater than maxReplicas (${maxReplicas}${maxNote})`);
  }

  const workerDefaults: PodResources = {
    cpu: String(DEFAULT_WORKER_PER_GPU.cpu * gpus),
    memory: `${DEFAULT_WORKER_PER_GPU.memoryGi * gpus}Gi`,
    ephemeralStorage: DEFAULT_WORKER_PER_GPU.ephemeralStorage,
  };

  return {
    id,
    source,
    name,
    serveServiceName: serveServiceName(name),
    healthCheckName: healthCheckName(name),
    accelerator: acceleratorLabel,
    rayAcceleratorType: accelerator?.rayType ?? '',
    gpusPerReplica: gpus,
    minReplicas,
    maxReplicas,
    engineKwargs: engineKwargs(problems, where, spec.engineKwargs, gpus),
    image: problems.string(where, 'image', spec.image, DEFAULT_IMAGE),
    rayVersion: problems.string(where, 'rayVersion', spec.rayVersion, DEFAULT_RAY_VERSION),
    head: resources(problems, where, 'head', spec.head, DEFAULT_HEAD),
    worker: resources(problems, where, 'worker', spec.worker, workerDefaults),
    env: env(problems, where, spec.env),
  };
}

/** Reports ids and names used by more than one model. */
function checkUnique(problems: Problems, models: { where: string; model: PlannedModel }[]): void {
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const { where, model } of models) {
    const firstWithId = model.id === '' ? undefined : byId.get(model.id);
    if (firstWithId) {
      problems.add(where, `id "${model.id}" is already used by ${firstWithId}`);
      continue;
    }
    byId.set(model.id, where);
    if (model.name !== '') {
      const first = byName.get(model.name);
      if (first) problems.add(where, `name "${model.name}" collides with ${first}; set a distinct name`);
      else byName.set(model.name, where);
    }
  }
}

/**
 * Validates a model list (parsed YAML or a `ModelListSpec`) and applies every default.
 * @throws ModelListError listing every problem found
 */
export function planModels(input: ModelListSpec | unknown): ModelPlan {
  const problems = new Problems();
  if (!isObject(input)) throw new ModelListError(['the model list must be a map with a "models" list']);
  problems.unknownFields('model list', input, LIST_FIELDS);

  const namespace = problems.label('namespace', 'namespace', input.namespace, DEFAULT_NAMESPACE);
  const gateway = isObject(input.gateway) ? input.gateway : {};
  if (input.gateway !== undefined && !isObject(input.gateway)) problems.add('gateway', 'must be a map (name, className, routeName)');
  problems.unknownFields('gateway', gateway, GATEWAY_FIELDS);
  const secret = isObject(input.huggingFaceSecret) ? input.huggingFaceSecret : {};
  if (input.huggingFaceSecret !== undefined && !isObject(input.huggingFaceSecret)) problems.add('huggingFaceSecret', 'must be a map (name, key)');
  problems.unknownFields('huggingFaceSecret', secret, SECRET_FIELDS);
  const secretKey = problems.string('huggingFaceSecret', 'key', secret.key, DEFAULT_HF_SECRET_KEY);
  if (!SECRET_KEY.test(secretKey)) problems.add('huggingFaceSecret', `key "${secretKey}" may hold only letters, digits, "-", "_" and "."`);

  const rawModels = input.models;
  const planned: { where: string; model: PlannedModel }[] = [];
  if (!Array.isArray(rawModels) || rawModels.length === 0) {
    problems.add('models', 'must be a list of at least one model');
  } else {
    rawModels.forEach((raw, index) => {
      const model = planModel(problems, index, raw);
      if (model) planned.push({ where: modelWhere(index, raw), model });
    });
    if (rawModels.length > MAX_ROUTE_RULES) {
      problems.add('models', `${rawModels.length} models need ${rawModels.length} rules, but one HTTPRoute holds at most ${MAX_ROUTE_RULES}`);
    }
  }
  checkUnique(problems, planned);

  const gatewayClassName = problems.string('gateway', 'className', gateway.className, DEFAULT_GATEWAY_CLASS);
  if (!GKE_GATEWAY_CLASSES.includes(gatewayClassName)) {
    problems.add('gateway', `className "${gatewayClassName}" is not a GKE gateway class (supported: ${GKE_GATEWAY_CLASSES.join(', ')})`);
  }

  const plan: ModelPlan = {
    namespace,
    gatewayName: problems.label('gateway', 'name', gateway.name, DEFAULT_GATEWAY_NAME),
    gatewayClassName,
    routeName: problems.label('gateway', 'routeName', gateway.routeName, DEFAULT_ROUTE_NAME),
    huggingFaceSecretName: problems.label('huggingFaceSecret', 'name', secret.name, DEFAULT_HF_SECRET_NAME),
    huggingFaceSecretKey: secretKey,
    models: planned.map((p) => p.model),
  };
  if (problems.list.length > 0) throw new ModelListError(problems.list);
  return plan;
}
