/**
 * One model of the list, validated and planned: its deployments (the model and its canary), names
 * and fields; and the uniqueness of what clients send and of RayService names across the list.
 */
import { acceleratorLabels, findAccelerator, gpuCounts } from '../facts/accelerators';
import * as defaults from '../list/defaults';
import { modelClusters } from './clusters';
import { PlannedCluster, PlannedDeployment, PlannedModel, PodResources, UpgradeStrategyType } from './model-plan';
import { image, rayVersion, source as sourceField } from './image-fields';
import { checkGpuMemory, checkWorkerFits, defaultWorkerCpu } from './model-fit';
import { checkRuntimeLimits } from './runtime-limits';
import { checkGcsBucket, engineKwargs, env, pathPrefix, resources, storagePath, UPGRADE_STRATEGY } from './model-fields';
import { adapterConfigMapName, adapterModelName, backendPolicyName, canaryName, healthCheckName, networkPolicyName, routeGrantName, nameFromModelId, printableNameProblem, rayServiceNameProblem, serveServiceName } from './names';
import { Problems, show } from '../list/problems';
import { namespaceField } from './name-fields';
import { ModelSpec } from '../list/model-spec';

/** Header values may not be longer (Gateway API HTTPHeaderMatch.value). */
const MAX_ID_LENGTH = 4096;
/** The RayService name: given, or derived (from the id, or for a canary from the model's name). */
export function rayServiceName(problems: Problems, where: string, given: string | undefined, derived: string, derivedFrom: string, idGiven: boolean): string {
  const name = given ?? derived;
  const problem = rayServiceNameProblem(name);
  if (problem && idGiven) {
    const origin = given === undefined ? `name "${name}" (derived from ${derivedFrom}) ` : `name "${name}" `;
    problems.add(where, `${origin}${problem}${given === undefined ? '; set name to a valid one' : ''}`);
  }
  return name;
}

/** One deployment (a model, or its canary): everything a RayService needs. */
export function planDeployment(problems: Problems, where: string, role: PlannedDeployment['role'], id: string, spec: ModelSpec, name: string, weight: number, listUpgrade: UpgradeStrategyType): PlannedDeployment {
  const source = sourceField(problems, where, spec.source);
  checkGcsBucket(problems, where, 'source', source);
  const acceleratorLabel = spec.accelerator ?? defaults.DEFAULT_ACCELERATOR;
  const accelerator = findAccelerator(acceleratorLabel);
  if (!accelerator) problems.add(where, `accelerator "${acceleratorLabel}" is not supported (supported: ${acceleratorLabels().join(', ')})`);

  const gpus = spec.gpusPerReplica ?? defaults.DEFAULT_GPUS_PER_REPLICA;
  if (accelerator && !gpuCounts(accelerator).includes(gpus)) {
    problems.add(where, `gpusPerReplica ${gpus} is not offered for ${accelerator.label} (choose one of ${gpuCounts(accelerator).join(', ')})`);
  }
  const minReplicas = spec.minReplicas ?? defaults.DEFAULT_MIN_REPLICAS;
  const maxReplicas = spec.maxReplicas ?? defaults.DEFAULT_MAX_REPLICAS;
  if (minReplicas > maxReplicas) {
    problems.add(where, `minReplicas (${minReplicas}) is greater than maxReplicas (${maxReplicas}${spec.maxReplicas === undefined ? ', the default' : ''})`);
  }

  const adapterNames = spec.adapters ?? [];
  const loraStoragePath = storagePath(problems, where, spec.loraStoragePath);

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
    engineKwargs: engineKwargs(problems, where, spec.engineKwargs ?? {}, gpus, adapterNames.length > 0, spec.allowUnknownEngineKwargs),
    image: image(problems, where, spec.image, defaults.DEFAULT_IMAGE),
    rayVersion: rayVersion(problems, where, spec.rayVersion, defaults.DEFAULT_RAY_VERSION),
    head: resources(spec.head, defaults.DEFAULT_HEAD),
    worker: resources(spec.worker, workerDefaults),
    env: env(problems, where, spec.env ?? {}),
    upgradeStrategy: spec.upgrade === undefined ? listUpgrade : UPGRADE_STRATEGY[spec.upgrade],
    haProxy: spec.haProxy ?? defaults.DEFAULT_HA_PROXY,
    adapters: adapterNames.map((adapter) => adapterModelName(id, adapter)),
    loraStoragePath,
    maxAdaptersPerReplica: spec.maxAdaptersPerReplica ?? defaults.DEFAULT_MAX_ADAPTERS_PER_REPLICA,
    weight,
  };
  checkRuntimeLimits(problems, where, deployment, spec);
  if (!accelerator || !gpuCounts(accelerator).includes(gpus)) return deployment;
  checkWorkerFits(problems, where, deployment);
  const fitWarnings = checkGpuMemory(problems, where, deployment, spec.weightsGiB, spec.allowKvCacheShortfall);
  return fitWarnings.length > 0 ? { ...deployment, fitWarnings } : deployment;
}

export function planModel(problems: Problems, where: string, spec: ModelSpec, listNamespace: string, fleet: readonly PlannedCluster[], listUpgrade: UpgradeStrategyType): PlannedModel {
  const id = spec.id;
  if (id.length > MAX_ID_LENGTH) problems.add(where, `id is ${id.length} characters long; a header value allows at most ${MAX_ID_LENGTH}`);
  const idProblem = id === '' ? undefined : printableNameProblem(id);
  if (idProblem) problems.add(where, `id ${idProblem}`);
  else if (/[^\x21-\x7e]/.test(id)) problems.add(where, `id ${show(id)} holds a character outside printable ASCII: the header X-Gateway-Model-Name is matched byte for byte, so look-alike letters and Unicode normalisation forms would be different ids; use ASCII`);

  const canaryWeight = spec.canary?.weight ?? 0;
  const name = rayServiceName(problems, where, spec.name, nameFromModelId(id), 'id', id !== '');
  const namespace = spec.namespace === undefined ? listNamespace : namespaceField(problems, where, 'namespace', spec.namespace, listNamespace);
  const clusters = modelClusters(problems, where, spec.clusters, fleet);
  const stable = planDeployment(problems, where, 'stable', id, spec, name, 100 - canaryWeight, listUpgrade);
  const timeoutSeconds = spec.timeoutSeconds ?? defaults.DEFAULT_TIMEOUT_SECONDS;

  let canary: PlannedDeployment | undefined;
  if (spec.canary) {
    const canaryWhere = `${where} canary`;
    // The canary is the model with the canary's fields on top.
    const { name: canaryGivenName, weight: _weight, ...canaryFields } = spec.canary;
    const merged: ModelSpec = { ...spec, ...canaryFields, name: undefined };
    const canaryRayName = rayServiceName(problems, canaryWhere, canaryGivenName, canaryName(name), 'the model\'s name', id !== '');
    canary = planDeployment(problems, canaryWhere, 'canary', id, merged, canaryRayName, canaryWeight, listUpgrade);
  }

  return {
    id,
    namespace,
    clusters,
    routeGrantName: routeGrantName(name),
    pathPrefix: pathPrefix(problems, where, spec.pathPrefix),
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
