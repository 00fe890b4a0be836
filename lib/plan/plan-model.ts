/**
 * One model of the list, validated and planned: its deployments (the model and its canary), names
 * and fields; and the uniqueness of what clients send and of RayService names across the list.
 */
import { acceleratorLabels, findAccelerator, gpuCounts } from '../facts/accelerators';
import * as defaults from '../spec/defaults';
import { modelClusters } from './clusters';
import { PlannedCluster, PlannedDeployment, PlannedModel, PodResources, UpgradeStrategyType } from './model-plan';
import { image, rayVersion, source as sourceField } from './image-fields';
import { checkGpuMemory, checkWorkerFits, defaultWorkerCpu } from './model-fit';
import { checkRuntimeLimits } from './runtime-limits';
import { allowUnknownEngineKwargs, checkGcsBucket, engineKwargs, env, pathPrefix, resources, storagePath, upgradeStrategy } from './model-fields';
import { adapterConfigMapName, adapterModelName, backendPolicyName, canaryName, healthCheckName, networkPolicyName, routeGrantName, nameFromModelId, printableNameProblem, rayServiceNameProblem, serveServiceName } from './names';
import { isObject, Json, Problems, show } from '../spec/problems';
import { labelProblem } from './names';
import { boundsOf, fieldsOf, itemPatternOf, maxItemsOf } from '../spec/schema-kit';
import { RESERVED_NAMESPACE_PREFIXES, RESERVED_NAMESPACES } from '../facts/gke';
import { CanarySchema, ModelSchema } from '../spec/model-spec';

/** Header values may not be longer (Gateway API HTTPHeaderMatch.value). */
const MAX_ID_LENGTH = 4096;
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

/** Fields of a model, and of its canary, as the schema lists them. `aliases` was removed (see above) and gets its own message. */
const MODEL_FIELDS = fieldsOf(ModelSchema);
const CANARY_FIELDS = fieldsOf(CanarySchema);
const ADAPTER_NAME = itemPatternOf(ModelSchema, 'adapters');

export function modelWhere(index: number, raw: unknown): string {
  const id = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' ? ` "${raw.id}"` : '';
  return `models[${index}]${id}`;
}

/** The RayService name: given, or derived (from the id, or for a canary from the model's name). */
export function rayServiceName(problems: Problems, where: string, given: unknown, derived: string, derivedFrom: string, idGiven: boolean): string {
  const name = given === undefined ? derived : problems.string(where, 'name', given, '');
  const problem = rayServiceNameProblem(name);
  if (problem && idGiven) {
    const origin = given === undefined ? `name "${name}" (derived from ${derivedFrom}) ` : `name "${name}" `;
    problems.add(where, `${origin}${problem}${given === undefined ? '; set name to a valid one' : ''}`);
  }
  return name;
}

/** One deployment (a model, or its canary): everything a RayService needs. */
export function planDeployment(problems: Problems, where: string, role: PlannedDeployment['role'], id: string, spec: Json, name: string, weight: number, listUpgrade: UpgradeStrategyType): PlannedDeployment {
  const source = sourceField(problems, where, problems.required(where, 'source', spec.source));
  checkGcsBucket(problems, where, 'source', source);
  const acceleratorLabel = problems.string(where, 'accelerator', spec.accelerator, defaults.DEFAULT_ACCELERATOR);
  const accelerator = findAccelerator(acceleratorLabel);
  if (!accelerator) problems.add(where, `accelerator "${acceleratorLabel}" is not supported (supported: ${acceleratorLabels().join(', ')})`);

  const gpus = problems.wholeNumber(where, 'gpusPerReplica', spec.gpusPerReplica, defaults.DEFAULT_GPUS_PER_REPLICA, ...boundsOf(ModelSchema, 'gpusPerReplica'));
  if (accelerator && !gpuCounts(accelerator).includes(gpus)) {
    problems.add(where, `gpusPerReplica ${gpus} is not offered for ${accelerator.label} (choose one of ${gpuCounts(accelerator).join(', ')})`);
  }
  const minReplicas = problems.wholeNumber(where, 'minReplicas', spec.minReplicas, defaults.DEFAULT_MIN_REPLICAS, ...boundsOf(ModelSchema, 'minReplicas'));
  const maxReplicas = problems.wholeNumber(where, 'maxReplicas', spec.maxReplicas, defaults.DEFAULT_MAX_REPLICAS, ...boundsOf(ModelSchema, 'maxReplicas'));
  if (minReplicas > maxReplicas) {
    problems.add(where, `minReplicas (${minReplicas}) is greater than maxReplicas (${maxReplicas}${spec.maxReplicas === undefined ? ', the default' : ''})`);
  }

  const adapterNames = problems.strings(where, 'adapters', spec.adapters, ADAPTER_NAME, 'a name of letters, digits, ".", "_" or "-"', maxItemsOf(ModelSchema, 'adapters'));
  const loraStoragePath = storagePath(problems, where, spec.loraStoragePath);
  if (adapterNames.length > 0 && spec.loraStoragePath === undefined) problems.add(where, 'loraStoragePath is required with adapters (the gs:// or s3:// folder Ray loads them from)');
  const noAdapters = spec.adapters === undefined || (Array.isArray(spec.adapters) && spec.adapters.length === 0);
  if (noAdapters && spec.loraStoragePath !== undefined) problems.add(where, 'loraStoragePath is set but adapters is empty');

  const workerDefaults: PodResources = {
    cpu: defaultWorkerCpu(acceleratorLabel, gpus, defaults.DEFAULT_WORKER_PER_GPU.cpu),
    memory: `${defaults.DEFAULT_WORKER_PER_GPU.memoryGi * gpus}Gi`,
    ephemeralStorage: defaults.DEFAULT_WORKER_PER_GPU.ephemeralStorage,
  };

  const deployment: PlannedDeployment = {
    role,
    source,
    name,
    serveServiceName: serveServiceName(name),
    healthCheckName: healthCheckName(name),
    backendPolicyName: backendPolicyName(name),
    networkPolicyName: networkPolicyName(name),
    accelerator: acceleratorLabel,
    rayAcceleratorType: accelerator?.rayType ?? '',
    gpusPerReplica: gpus,
    minReplicas,
    maxReplicas,
    engineKwargs: engineKwargs(problems, where, spec.engineKwargs, gpus, adapterNames.length > 0, allowUnknownEngineKwargs(problems, where, spec.allowUnknownEngineKwargs)),
    image: image(problems, where, spec.image, defaults.DEFAULT_IMAGE),
    rayVersion: rayVersion(problems, where, spec.rayVersion, defaults.DEFAULT_RAY_VERSION),
    head: resources(problems, where, 'head', spec.head, defaults.DEFAULT_HEAD),
    worker: resources(problems, where, 'worker', spec.worker, workerDefaults),
    env: env(problems, where, spec.env),
    upgradeStrategy: upgradeStrategy(problems, where, spec.upgrade, listUpgrade),
    haProxy: problems.boolean(where, 'haProxy', spec.haProxy, defaults.DEFAULT_HA_PROXY),
    adapters: adapterNames.map((adapter) => adapterModelName(id, adapter)),
    loraStoragePath,
    maxAdaptersPerReplica: problems.wholeNumber(where, 'maxAdaptersPerReplica', spec.maxAdaptersPerReplica, defaults.DEFAULT_MAX_ADAPTERS_PER_REPLICA, ...boundsOf(ModelSchema, 'maxAdaptersPerReplica')),
    weight,
  };
  checkRuntimeLimits(problems, where, deployment, spec);
  if (!accelerator || !gpuCounts(accelerator).includes(gpus)) return deployment;
  checkWorkerFits(problems, where, deployment);
  const weightsGiB = spec.weightsGiB;
  if (weightsGiB !== undefined && (typeof weightsGiB !== 'number' || !(weightsGiB > 0))) problems.add(where, `weightsGiB must be a positive number of GiB (got ${JSON.stringify(weightsGiB)})`);
  const allow = spec.allowKvCacheShortfall === undefined ? undefined : problems.string(where, 'allowKvCacheShortfall', spec.allowKvCacheShortfall, '');
  const fitWarnings = checkGpuMemory(problems, where, deployment, typeof weightsGiB === 'number' && weightsGiB > 0 ? weightsGiB : undefined, allow);
  return fitWarnings.length > 0 ? { ...deployment, fitWarnings } : deployment;
}

export function planModel(problems: Problems, index: number, raw: unknown, listNamespace: string, fleet: readonly PlannedCluster[], listUpgrade: UpgradeStrategyType): PlannedModel | undefined {
  const where = modelWhere(index, raw);
  if (!isObject(raw)) {
    problems.add(where, 'must be a map with at least id and source');
    return undefined;
  }
  const { aliases: _removed, ...fields } = raw;
  problems.unknownFields(where, fields, MODEL_FIELDS);

  const id = problems.required(where, 'id', raw.id);
  if (id.length > MAX_ID_LENGTH) problems.add(where, `id is ${id.length} characters long; a header value allows at most ${MAX_ID_LENGTH}`);
  const idProblem = id === '' ? undefined : printableNameProblem(id);
  if (idProblem) problems.add(where, `id ${idProblem}`);
  else if (/[^\x21-\x7e]/.test(id)) problems.add(where, `id ${show(id)} holds a character outside printable ASCII: the header X-Gateway-Model-Name is matched byte for byte, so look-alike letters and Unicode normalisation forms would be different ids; use ASCII`);

  const canarySpec = problems.map(where, 'canary', raw.canary, 'weight and the fields that differ');
  const hasCanary = raw.canary !== undefined;
  if (hasCanary && isObject(raw.canary) && canarySpec.weight === undefined) problems.add(`${where} canary`, 'weight is required (percent of requests, 0 to 100)');
  const canaryWeight = hasCanary ? problems.wholeNumber(`${where} canary`, 'weight', canarySpec.weight, 0, ...boundsOf(CanarySchema, 'weight')) : 0;

  const name = rayServiceName(problems, where, raw.name, nameFromModelId(id), 'id', id !== '');
  const namespace = raw.namespace === undefined ? listNamespace : namespaceField(problems, where, 'namespace', raw.namespace, listNamespace);
  const clusters = modelClusters(problems, where, raw.clusters, fleet);
  const stable = planDeployment(problems, where, 'stable', id, raw, name, 100 - canaryWeight, listUpgrade);
  const timeoutSeconds = problems.wholeNumber(where, 'timeoutSeconds', raw.timeoutSeconds, defaults.DEFAULT_TIMEOUT_SECONDS, ...boundsOf(ModelSchema, 'timeoutSeconds'));

  let canary: PlannedDeployment | undefined;
  if (hasCanary && isObject(raw.canary)) {
    const canaryWhere = `${where} canary`;
    problems.unknownFields(canaryWhere, canarySpec, CANARY_FIELDS);
    // The canary is the model with the canary's fields on top.
    const merged: Json = { ...raw, ...canarySpec };
    delete merged.name;
    const canaryRayName = rayServiceName(problems, canaryWhere, canarySpec.name, canaryName(name), 'the model\'s name', id !== '');
    canary = planDeployment(problems, canaryWhere, 'canary', id, merged, canaryRayName, canaryWeight, listUpgrade);
  }

  if (raw.aliases !== undefined) problems.add(where, ALIASES_UNSUPPORTED(id));
  return {
    id,
    namespace,
    clusters,
    routeGrantName: routeGrantName(name),
    pathPrefix: pathPrefix(problems, where, raw.pathPrefix),
    adapters: stable.adapters,
    adapterConfigMapName: adapterConfigMapName(name),
    timeoutSeconds,
    deployments: canary ? [stable, canary] : [stable],
  };
}

/** Reports names a client sends, RayService names and path prefixes used more than once. */
export function checkUnique(problems: Problems, models: { where: string; model: PlannedModel }[]): void {
  const clientNames = new Map<string, string>();
  const rayServices = new Map<string, string>();
  const paths = new Map<string, string>();
  const claim = (owners: Map<string, string>, key: string, where: string, message: (first: string) => string): boolean => {
    const first = owners.get(key);
    if (first) problems.add(where, message(first));
    else owners.set(key, where);
    return first === undefined;
  };
  for (const { where, model } of models) {
    if (model.id === '') continue;
    if (!claim(clientNames, model.id, where, (first) => `id "${model.id}" is already used by ${first}`)) continue;
    for (const deployment of model.deployments) {
      const stable = deployment.role === 'stable';
      for (const adapter of stable ? model.adapters : []) {
        claim(clientNames, adapter, where, (first) => `adapter "${adapter}" is already used by ${first}`);
      }
      const deploymentWhere = stable ? where : `${where} canary`;
      if (deployment.name !== '') {
        claim(rayServices, `${model.namespace}/${deployment.name}`, deploymentWhere, (first) => `name "${deployment.name}" collides with ${first}; set a distinct name`);
      }
    }
    if (model.pathPrefix) claim(paths, model.pathPrefix, where, (first) => `pathPrefix "${model.pathPrefix}" is already used by ${first}`);
  }
}

/** A name that must be a Kubernetes label value (namespaces, RayService names). */
/** A namespace the list sets: a label, and none that Kubernetes or GKE manage (lib/facts/gke.ts). */
export function namespaceField(problems: Problems, where: string, field: string, value: unknown, fallback: string): string {
  const name = labelField(problems, where, field, value, fallback);
  if (RESERVED_NAMESPACES.includes(name) || RESERVED_NAMESPACE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
    problems.add(where, `${field} "${name}" is managed by Kubernetes or GKE (${RESERVED_NAMESPACE_PREFIXES.map((p) => `${p}*`).join(', ')}, ${RESERVED_NAMESPACES.join(', ')}); choose a namespace of your own`);
  }
  return name;
}

export function labelField(problems: Problems, where: string, field: string, value: unknown, fallback: string): string {
  const name = problems.string(where, field, value, fallback);
  const problem = labelProblem(name);
  if (problem) problems.add(where, `${field} "${name}" ${problem}`);
  return name;
}
