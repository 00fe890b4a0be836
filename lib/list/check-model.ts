/**
 * The border check of one model of the list (and of its canary): every field has the type its
 * schema gives, with the messages users know (`models[1] "id": minReplicas must be a whole number
 * from 0 to 1000 (got "2")`). What a value means (accelerators, names, fit, credentials) is checked
 * by the planner, on the typed model this returns.
 */
import { CanarySchema, CanarySpec, EnvValueSpec, HeadResourcesSchema, KeyRefSchema, ModelSchema, ModelSpec, PodResourcesSpec, UpgradeSpec } from './model-spec';
import { flag, isObject, map, oneOf, own, text, wholeNumber } from './check-fields';
import { Json, Problems } from './problems';
import { fieldsOf, itemPatternOf, literalsOf, maxItemsOf } from './schema-kit';
import { UpgradeSchema } from './model-spec';
import { DEFAULT_MAX_REPLICAS } from './defaults';

const MODEL_FIELDS = fieldsOf(ModelSchema);
const CANARY_FIELDS = fieldsOf(CanarySchema);
const RESOURCE_FIELDS = fieldsOf(HeadResourcesSchema);
const KEY_REF_FIELDS = fieldsOf(KeyRefSchema);
const ADAPTER_NAME = itemPatternOf(ModelSchema, 'adapters');
export const UPGRADE_VALUES = literalsOf(UpgradeSchema) as UpgradeSpec[];
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
/** Path segments: RFC 3986 unreserved characters, starting with '/', no trailing '/'. */
export const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;
const STORAGE_PATH = /^(gs|s3):\/\/[^\s]+$/;

/**
 * `aliases` was removed (issue #8): the router only copies the body's `model` into a header and never
 * rewrites the body (gateway-api-inference-extension pkg/bbr/plugins/, chart body-based-routing v1.4.0
 * values `plugins: default-bbr`), and Ray Serve LLM's OpenAI ingress looks the body's `model` up among
 * the configured `model_loading_config.model_id`s only (ray-project/ray
 * python/ray/llm/_internal/serve/core/ingress/ingress.py `_get_model_id`: 404 "Could not find base model
 * with ID"; ModelLoadingConfig has model_id, model_source, tokenizer_source and no alias). An alias
 * would reach the right Ray cluster and get 404.
 */
const ALIASES_UNSUPPORTED = (id: string): string =>
  `aliases is not supported: Ray Serve LLM answers only the model's id, so an alias would reach the Ray cluster and get 404 "model not found". ` +
  `Ask clients to send "${id}" (GET /v1/models lists it), or add a second model whose id is the other name`;

/** How problems name a model: its place in the list and, when it has one, its id. */
export function modelWhere(index: number, raw: unknown): string {
  const id = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' ? ` "${raw.id}"` : '';
  return `models[${index}]${id}`;
}

/** The upgrade setting (a model's, a canary's or the list's). */
export function upgradeField(problems: Problems, where: string, raw: unknown): UpgradeSpec | undefined {
  return oneOf(problems, where, raw, UPGRADE_VALUES, () => {
    const incremental = raw === 'incremental' || raw === 'NewClusterWithIncrementalUpgrade';
    const why = incremental ? ' (KubeRay\'s NewClusterWithIncrementalUpgrade is not supported: it needs the Ray autoscaler and has KubeRay drive its own Gateway and HTTPRoute, which would compete with this library\'s routes)' : '';
    return `upgrade must be "newCluster" or "none" (got ${JSON.stringify(raw)})${why}`;
  });
}

function quantity(problems: Problems, where: string, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const written = typeof value === 'number' ? String(value) : value;
  if (typeof written === 'string' && QUANTITY.test(written)) return written;
  problems.add(where, `${field} must be a Kubernetes quantity such as "6", "500m" or "24Gi" (got ${JSON.stringify(value)})`);
  return undefined;
}

function resources(problems: Problems, where: string, field: string, raw: unknown): PodResourcesSpec | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    problems.add(where, `${field} must be a map with cpu, memory, ephemeralStorage`);
    return undefined;
  }
  problems.unknownFields(`${where} ${field}`, raw, RESOURCE_FIELDS);
  return {
    cpu: quantity(problems, where, `${field}.cpu`, raw.cpu),
    memory: quantity(problems, where, `${field}.memory`, raw.memory),
    ephemeralStorage: quantity(problems, where, `${field}.ephemeralStorage`, raw.ephemeralStorage),
  };
}

/** What a refused value is, without showing it (it may be a secret). */
function shape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `a map with ${Object.keys(value as object).map((k) => JSON.stringify(k)).join(', ') || 'no keys'}`;
  return `a ${typeof value}`;
}

function keyRef(problems: Problems, where: string, field: string, raw: unknown): { name: string; key: string } | undefined {
  if (!isObject(raw)) {
    problems.add(where, `${field} must be a map with name and key`);
    return undefined;
  }
  problems.unknownFields(`${where} ${field}`, raw, KEY_REF_FIELDS);
  const { name, key } = raw;
  if (typeof name !== 'string') problems.add(where, `${field}.name ${JSON.stringify(name)} must be a string`);
  if (typeof key !== 'string') problems.add(where, `${field}.key ${JSON.stringify(key)} must be a string`);
  return typeof name === 'string' && typeof key === 'string' ? { name, key } : undefined;
}

/** env: each value a string or one Secret/ConfigMap key reference; the others are left out (reported). */
function env(problems: Problems, where: string, raw: unknown): Record<string, EnvValueSpec> | undefined {
  if (raw === undefined) return undefined;
  const result: Record<string, EnvValueSpec> = {};
  const what = 'variable name to a string, { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } }';
  for (const [name, value] of Object.entries(map(problems, where, 'env', raw, what))) {
    const field = `env.${name}`;
    if (typeof value === 'string') {
      own(result, name, value);
    } else if (isObject(value) && Object.keys(value).length === 1 && (value.secretKeyRef !== undefined || value.configMapKeyRef !== undefined)) {
      const kind = value.secretKeyRef !== undefined ? 'secretKeyRef' : 'configMapKeyRef';
      const ref = keyRef(problems, where, `${field}.${kind}`, value[kind]);
      if (ref) own(result, name, kind === 'secretKeyRef' ? { secretKeyRef: ref } : { configMapKeyRef: ref });
    } else {
      problems.add(where, `${field} must be a string (quote numbers and booleans in YAML), { secretKeyRef: { name, key } } or { configMapKeyRef: { name, key } } (got ${shape(value)})`);
    }
  }
  return result;
}

/** The fields a model and its canary share, checked where problems name them (`models[0] "a"` or `... canary`). */
function deployment(problems: Problems, where: string, spec: Json): Partial<ModelSpec> {
  const source = problems.required(where, 'source', spec.source);
  const accelerator = text(problems, where, 'accelerator', spec.accelerator);
  const gpusPerReplica = wholeNumber(problems, where, ModelSchema, 'gpusPerReplica', spec.gpusPerReplica);
  const minReplicas = wholeNumber(problems, where, ModelSchema, 'minReplicas', spec.minReplicas);
  // A wrong maxReplicas reads as the default, but is not "the default" in the min > max message.
  const maxReplicas = wholeNumber(problems, where, ModelSchema, 'maxReplicas', spec.maxReplicas, DEFAULT_MAX_REPLICAS);
  const adapters = spec.adapters === undefined ? undefined : problems.strings(where, 'adapters', spec.adapters, ADAPTER_NAME, 'a name of letters, digits, ".", "_" or "-"', maxItemsOf(ModelSchema, 'adapters'));
  const loraStoragePath = storagePath(problems, where, spec.loraStoragePath);
  // The adapters and their folder come together (JSON Schema's dependentRequired, both ways).
  if ((adapters ?? []).length > 0 && spec.loraStoragePath === undefined) problems.add(where, 'loraStoragePath is required with adapters (the gs:// or s3:// folder Ray loads them from)');
  const noAdapters = spec.adapters === undefined || (Array.isArray(spec.adapters) && spec.adapters.length === 0);
  if (noAdapters && spec.loraStoragePath !== undefined) problems.add(where, 'loraStoragePath is set but adapters is empty');
  const checked: Partial<ModelSpec> = {
    source,
    accelerator,
    gpusPerReplica,
    minReplicas,
    maxReplicas,
    adapters,
    loraStoragePath,
    allowUnknownEngineKwargs: allowUnknownEngineKwargs(problems, where, spec.allowUnknownEngineKwargs),
    engineKwargs: spec.engineKwargs === undefined ? undefined : map(problems, where, 'engineKwargs', spec.engineKwargs, 'vLLM engine settings'),
    image: text(problems, where, 'image', spec.image),
    rayVersion: text(problems, where, 'rayVersion', spec.rayVersion),
    head: resources(problems, where, 'head', spec.head),
    worker: resources(problems, where, 'worker', spec.worker),
    env: env(problems, where, spec.env),
    upgrade: upgradeField(problems, where, spec.upgrade),
    haProxy: flag(problems, where, 'haProxy', spec.haProxy),
    maxAdaptersPerReplica: wholeNumber(problems, where, ModelSchema, 'maxAdaptersPerReplica', spec.maxAdaptersPerReplica),
    weightsGiB: weightsGiB(problems, where, spec.weightsGiB),
    initializingTimeoutSeconds: wholeNumber(problems, where, ModelSchema, 'initializingTimeoutSeconds', spec.initializingTimeoutSeconds),
    allowKvCacheShortfall: text(problems, where, 'allowKvCacheShortfall', spec.allowKvCacheShortfall, ''),
  };
  return checked;
}

function storagePath(problems: Problems, where: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string' && STORAGE_PATH.test(raw)) return raw;
  problems.add(where, `loraStoragePath ${JSON.stringify(raw)} must be a gs:// or s3:// folder`);
  return '';
}

function allowUnknownEngineKwargs(problems: Problems, where: string, raw: unknown): string | undefined {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() !== '')) return raw as string | undefined;
  problems.add(where, `allowUnknownEngineKwargs must be the reason unknown engineKwargs keys are fine, as a non-empty string (got ${JSON.stringify(raw)})`);
  return undefined;
}

function weightsGiB(problems: Problems, where: string, raw: unknown): number | undefined {
  if (raw === undefined || (typeof raw === 'number' && raw > 0)) return raw as number | undefined;
  problems.add(where, `weightsGiB must be a positive number of GiB (got ${JSON.stringify(raw)})`);
  return undefined;
}

function pathPrefix(problems: Problems, where: string, raw: unknown): string | undefined {
  if (raw === undefined || (typeof raw === 'string' && PATH_PREFIX.test(raw))) return raw as string | undefined;
  problems.add(where, `pathPrefix ${JSON.stringify(raw)} must look like "/gemma": "/" and path segments of letters, digits, ".", "_", "~", "-", no trailing "/"`);
  return undefined;
}

/** The model's `clusters`: names of the list's clusters, each once (checked only when the list has clusters). */
function modelClusters(problems: Problems, where: string, raw: unknown, fleetSize: number): string[] | undefined {
  if (raw === undefined) return undefined;
  if (fleetSize === 0) return [];
  const names = problems.strings(where, 'clusters', raw, /^.+$/, 'a cluster name', fleetSize);
  if (Array.isArray(raw) && raw.length === 0) problems.add(where, 'clusters is empty: the model would run nowhere');
  return names;
}

/**
 * One model of the list, typed: values of the wrong type are reported and left out (a required
 * one, or a name, becomes ""), so the planner's defaults stand in for them.
 * @param fleetSize how many clusters the list has (a model's `clusters` names some of them)
 */
export function checkModel(problems: Problems, where: string, raw: unknown, fleetSize: number): ModelSpec | undefined {
  if (!isObject(raw)) {
    problems.add(where, 'must be a map with at least id and source');
    return undefined;
  }
  const { aliases: _removed, ...fields } = raw;
  problems.unknownFields(where, fields, MODEL_FIELDS);
  const id = problems.required(where, 'id', raw.id);
  const canarySpec = map(problems, where, 'canary', raw.canary, 'weight and the fields that differ');
  const canaryWhere = `${where} canary`;
  const hasCanary = isObject(raw.canary);
  if (hasCanary && canarySpec.weight === undefined) problems.add(canaryWhere, 'weight is required (percent of requests, 0 to 100)');
  const weight = hasCanary ? wholeNumber(problems, canaryWhere, CanarySchema, 'weight', canarySpec.weight, 0) ?? 0 : 0;
  const name = raw.name === undefined ? undefined : text(problems, where, 'name', raw.name, '');
  const namespace = text(problems, where, 'namespace', raw.namespace);
  const clusters = modelClusters(problems, where, raw.clusters, fleetSize);
  const stable = deployment(problems, where, raw);
  const timeoutSeconds = wholeNumber(problems, where, ModelSchema, 'timeoutSeconds', raw.timeoutSeconds);

  let canary: CanarySpec | undefined;
  if (hasCanary) {
    problems.unknownFields(canaryWhere, canarySpec, CANARY_FIELDS);
    const canaryName = canarySpec.name === undefined ? undefined : text(problems, canaryWhere, 'name', canarySpec.name, '');
    // The canary is the model with the canary's fields on top: the model's own fields are checked again as the canary's.
    const merged: Json = { ...raw, ...canarySpec };
    delete merged.name;
    const checked = deployment(problems, canaryWhere, merged);
    const given = Object.fromEntries(Object.keys(checked).filter((field) => field in canarySpec).map((field) => [field, checked[field as keyof ModelSpec]]));
    canary = { ...given, weight, ...(canaryName === undefined ? {} : { name: canaryName }) } as CanarySpec;
  }
  if (raw.aliases !== undefined) problems.add(where, ALIASES_UNSUPPORTED(id));
  const model = { ...stable, id, source: stable.source ?? '', name, namespace, clusters, timeoutSeconds, pathPrefix: pathPrefix(problems, where, raw.pathPrefix), canary } as ModelSpec;
  // Each deployment's modelCache (a canary without its own takes the model's), as the planner reads them.
  model.modelCache = flag(problems, where, 'modelCache', raw.modelCache);
  if (canary) {
    const given = canarySpec.modelCache !== undefined ? canarySpec.modelCache : raw.modelCache;
    const checked = flag(problems, canaryWhere, 'modelCache', given);
    if (canarySpec.modelCache !== undefined) canary.modelCache = checked;
  }
  return model;
}
