/**
 * Model list -> validated plan. All checks run before anything is built or written, and every
 * problem is reported at once, each naming the model and the field.
 */
import { RELEASE_PATTERN } from './release';
import * as defaults from '../list/defaults';
import { checkClassSupport } from './class-support';
import { nodePoolsFor } from './cluster-plan';
import { planClusters } from './clusters';
import { checkProxySubnetRange } from './cidr';
import { MULTI_CLUSTER_CLASS_NAMES, REGIONAL_MULTI_CLUSTER_CLASS_NAMES, SINGLE_CLUSTER_CLASS_NAMES } from '../facts/gateway-classes';
import { ModelListError } from '../list/model-list-error';
import { ModelPlan } from './model-plan';
import { UPGRADE_STRATEGY } from './model-fields';
import { secretKeyProblem } from './names';
import { MAX_NODES_PER_POOL } from '../facts/limits';
import { cpuPoolFor } from './node-pools';
import { Problems } from '../list/problems';
import { checkSecretNames, planTls } from './tls';
import { planGitOps } from './gitops-plan';
import { cacheModel, planListModelCache } from './model-cache-plan';
import { withInitializingTimeouts } from './initializing-timeout';
import { planRouterChart } from './router-chart';
import { refuseScaleToZero } from './scale-to-zero';
import { planModelList } from './model-list-plan';
import { planApiKeySecret } from './api-key-plan';
import { checkUnique, planModel } from './plan-model';
import { labelField, namespaceField } from './name-fields';
import { ApigeeSpec, ModelListSpec } from '../list/list-spec';
import { checkModelList } from '../list/check-list';

const APIGEE_LOCATION = /^(global|[a-z]+-[a-z]+[0-9]+)$/;

/**
 * Checks a model list against its schema (lib/list/check-list.ts), then plans it: applies every
 * default and checks what the values mean and how they fit together.
 * @throws ModelListError listing every problem found
 */
export function planModels(input: ModelListSpec): ModelPlan {
  const { list, modelPlaces, clusterPlaces, problems } = checkModelList(input);
  const namespace = namespaceField(problems, 'namespace', 'namespace', list.namespace, defaults.DEFAULT_NAMESPACE);
  const gateway = list.gateway ?? {};
  const secret = list.huggingFaceSecret ?? {};
  const secretKey = secret.key ?? defaults.DEFAULT_HF_SECRET_KEY;
  const secretKeyIssue = secretKeyProblem(secretKey);
  if (secretKeyIssue) problems.add('huggingFaceSecret', `key "${secretKey}" ${secretKeyIssue}`);

  const proxySubnetRange = list.network?.proxySubnetRange ?? defaults.DEFAULT_PROXY_SUBNET_RANGE;
  checkProxySubnetRange((m) => problems.add('network', m), proxySubnetRange, ' such as 192.168.10.0/24');
  const security = list.security ?? {};
  const operatorNamespace = labelField(problems, 'security', 'operatorNamespace', security.operatorNamespace, defaults.DEFAULT_OPERATOR_NAMESPACE);

  const gatewayClassName = gateway.className ?? defaults.DEFAULT_GATEWAY_CLASS;
  const clusters = planClusters(problems, list.clusters, clusterPlaces, proxySubnetRange, gatewayClassName);
  const apigee = planApigee(problems, list.governance?.apigee);

  const listUpgrade = UPGRADE_STRATEGY[list.upgrade ?? defaults.DEFAULT_UPGRADE];
  const modelCache = planListModelCache(problems, list.modelCache);
  const planned = list.models.map((spec, index) => {
    const where = modelPlaces[index];
    const model = cacheModel(problems, where, spec, planModel(problems, where, spec, namespace, clusters, listUpgrade), modelCache);
    return { where, model: refuseScaleToZero(problems, where, withInitializingTimeouts(spec, model)) };
  });
  checkUnique(problems, planned);

  const classes = clusters.length > 0 ? MULTI_CLUSTER_CLASS_NAMES : SINGLE_CLUSTER_CLASS_NAMES;
  if (!classes.includes(gatewayClassName)) {
    const kind = clusters.length > 0 ? 'multi-cluster gateway class, which a list with clusters needs' : 'single-cluster GKE gateway class (a multi-cluster class needs the list\'s clusters)';
    problems.add('gateway', `className "${gatewayClassName}" is not a ${kind} (supported: ${classes.join(', ')})`);
  }
  const regions = new Set(clusters.map((c) => c.region));
  if (REGIONAL_MULTI_CLUSTER_CLASS_NAMES.includes(gatewayClassName) && regions.size > 1) {
    problems.add('gateway', `className "${gatewayClassName}" is regional, but the clusters are in ${[...regions].join(', ')}; use gke-l7-cross-regional-internal-managed-mc or gke-l7-global-external-managed-mc`);
  }
  const defaultModel = list.defaultModel;
  if (defaultModel && !planned.some((p) => p.model.id === defaultModel)) {
    problems.add('defaultModel', `"${defaultModel}" is not the id of a model in the list`);
  }

  let plan: ModelPlan = {
    namespace,
    gatewayName: labelField(problems, 'gateway', 'name', gateway.name, defaults.DEFAULT_GATEWAY_NAME),
    gatewayClassName,
    routeName: labelField(problems, 'gateway', 'routeName', gateway.routeName, defaults.DEFAULT_ROUTE_NAME),
    ruleTimeouts: gateway.ruleTimeouts ?? defaults.DEFAULT_RULE_TIMEOUTS,
    bodyBasedRouting: gateway.bodyBasedRouting ?? defaults.DEFAULT_BODY_BASED_ROUTING,
    tls: planTls(problems, gateway.tls),
    apigee,
    proxySubnetRange,
    networkPolicies: security.networkPolicies ?? defaults.DEFAULT_NETWORK_POLICIES,
    podSecurity: security.podSecurity ?? defaults.DEFAULT_POD_SECURITY,
    operatorNamespace,
    egress: security.egress ?? defaults.DEFAULT_EGRESS,
    networkPolicyEnforcement: security.networkPolicyEnforcement ?? defaults.DEFAULT_NETWORK_POLICY_ENFORCEMENT,
    huggingFaceSecretName: labelField(problems, 'huggingFaceSecret', 'name', secret.name, defaults.DEFAULT_HF_SECRET_NAME),
    huggingFaceSecretKey: secretKey,
    defaultModel: defaultModel || undefined,
    models: planned.map((p) => p.model),
    clusters,
    gitops: planGitOps(problems, list.gitops, [namespace, ...planned.map((p) => p.model.namespace)]),
    modelCacheBucket: modelCache?.bucket,
    ...planRouterChart(problems, list.router),
    ...(list.release === undefined ? {} : { release: list.release }),
  };
  if (plan.release !== undefined && !RELEASE_PATTERN.test(plan.release)) problems.add('release', `"${plan.release}" is not a DNS label of at most 40 characters (lower-case letters, digits and -)`);
  const apiKeySecret = planApiKeySecret(problems, list.governance?.apiKeySecret, apigee !== undefined, planned);
  if (apiKeySecret) plan = { ...plan, apiKeySecret };
  const modelList = planModelList(problems, gateway.modelList ?? defaults.DEFAULT_MODEL_LIST, plan, planned);
  if (modelList) plan = { ...plan, modelList };
  checkSecretNames(problems, plan);
  if (problems.list.length === 0) checkNodePools(problems, plan);
  const warnings = problems.list.length > 0 ? [] : [...checkClassSupport(problems, plan), ...plan.models.flatMap((m) => m.deployments.flatMap((d) => d.fitWarnings ?? []))];
  if (problems.list.length > 0) throw new ModelListError(problems.list);
  return { ...plan, warnings };
}

function planApigee(problems: Problems, spec: ApigeeSpec | undefined): ModelPlan['apigee'] {
  if (spec === undefined) return undefined;
  const where = 'governance apigee';
  const location = spec.location ?? defaults.DEFAULT_APIGEE_LOCATION;
  if (!APIGEE_LOCATION.test(location)) problems.add(where, `location "${location}" must be "global" or a region`);
  return {
    location,
    environment: spec.environment,
    failOpen: spec.failOpen ?? defaults.DEFAULT_APIGEE_FAIL_OPEN,
    timeoutMilliseconds: spec.timeoutMilliseconds ?? defaults.DEFAULT_APIGEE_TIMEOUT_MILLISECONDS,
  };
}

/** Every GPU node pool (per cluster in a fleet) stays within what one GKE node pool may hold. */
function checkNodePools(problems: Problems, plan: ModelPlan): void {
  const groups = plan.clusters.length === 0
    ? [{ where: 'models', models: plan.models }]
    : plan.clusters.map((c) => ({ where: `clusters "${c.name}"`, models: plan.models.filter((m) => m.clusters.includes(c.name)) }));
  for (const { where, models } of groups) {
    const pools = nodePoolsFor(models);
    for (const pool of pools) {
      if (pool.nodes > MAX_NODES_PER_POOL) {
        problems.add(where, `the ${pool.accelerator} node pool would need ${pool.nodes} nodes for every model's maxReplicas; a GKE cluster holds at most ${MAX_NODES_PER_POOL} nodes`);
      }
    }
    // Per cluster, across pools, during an all-model upgrade (every pool at its maximum).
    const cpu = cpuPoolFor(models, true);
    const total = [cpu, ...pools].reduce((n, p) => n + p.maxNodes, 0);
    if (total > MAX_NODES_PER_POOL && pools.every((p) => p.nodes <= MAX_NODES_PER_POOL)) {
      problems.add(where, `the cluster would need ${total} nodes during an upgrade (${[cpu, ...pools].map((p) => `${p.name} ${p.maxNodes}`).join(', ')}); a GKE cluster holds at most ${MAX_NODES_PER_POOL} nodes`);
    }
  }
}
