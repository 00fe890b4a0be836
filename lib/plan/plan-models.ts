/**
 * Model list -> validated plan. All checks run before anything is built or written, and every
 * problem is reported at once, each naming the model and the field.
 */
import { RELEASE_PATTERN } from './release';
import * as defaults from '../spec/defaults';
import { checkClassSupport } from './class-support';
import { nodePoolsFor } from './cluster-plan';
import { planClusters } from './clusters';
import { checkProxySubnetRange } from './cidr';
import { MULTI_CLUSTER_CLASS_NAMES, REGIONAL_MULTI_CLUSTER_CLASS_NAMES, SINGLE_CLUSTER_CLASS_NAMES } from '../facts/gateway-classes';
import { ModelListError } from '../spec/model-list-error';
import { ModelPlan, PlannedModel } from './model-plan';
import { UPGRADE_STRATEGY, upgradeStrategy } from './model-fields';
import { secretKeyProblem } from './names';
import { MAX_NODES_PER_POOL } from '../facts/limits';
import { cpuPoolFor } from './node-pools';
import { isObject, Problems } from '../spec/problems';
import { checkSecretNames, planTls } from './tls';
import { planGitOps } from './gitops-plan';
import { cacheModel, planListModelCache } from './model-cache-plan';
import { checkUnique, labelField, modelWhere, namespaceField, planModel } from './plan-model';
import { ModelListSpec } from '../spec/list-spec';
import { boundsOf, fieldsOf, literalsOf } from '../spec/schema-kit';
import { ApigeeSchema, GatewaySchema, GovernanceSchema, HuggingFaceSecretSchema, ModelListSchema, NetworkSchema, SecuritySchema } from '../spec/list-spec';

const LIST_FIELDS = fieldsOf(ModelListSchema);
const GOVERNANCE_FIELDS = fieldsOf(GovernanceSchema);
const APIGEE_FIELDS = fieldsOf(ApigeeSchema);
const APIGEE_LOCATION = /^(global|[a-z]+-[a-z]+[0-9]+)$/;
const NETWORK_FIELDS = fieldsOf(NetworkSchema);
const SECURITY_FIELDS = fieldsOf(SecuritySchema);
export const EGRESS_MODES = literalsOf(SecuritySchema.properties.egress);
export const ENFORCEMENT_MODES = literalsOf(SecuritySchema.properties.networkPolicyEnforcement);
const GATEWAY_FIELDS = fieldsOf(GatewaySchema);
const SECRET_FIELDS = fieldsOf(HuggingFaceSecretSchema);

/**
 * Validates a model list (parsed YAML or a `ModelListSpec`) and applies every default.
 * @throws ModelListError listing every problem found
 */
export function planModels(input: ModelListSpec | unknown): ModelPlan {
  const problems = new Problems();
  if (!isObject(input)) throw new ModelListError(['the model list must be a map with a "models" list']);
  problems.unknownFields('model list', input, LIST_FIELDS);

  const namespace = namespaceField(problems, 'namespace', 'namespace', input.namespace, defaults.DEFAULT_NAMESPACE);
  const gateway = problems.map('gateway', 'gateway', input.gateway, GATEWAY_FIELDS.join(', '));
  problems.unknownFields('gateway', gateway, GATEWAY_FIELDS);
  const secret = problems.map('huggingFaceSecret', 'huggingFaceSecret', input.huggingFaceSecret, 'name, key');
  problems.unknownFields('huggingFaceSecret', secret, SECRET_FIELDS);
  const secretKey = problems.string('huggingFaceSecret', 'key', secret.key, defaults.DEFAULT_HF_SECRET_KEY);
  const secretKeyIssue = secretKeyProblem(secretKey);
  if (secretKeyIssue) problems.add('huggingFaceSecret', `key "${secretKey}" ${secretKeyIssue}`);

  const network = problems.map('network', 'network', input.network, 'proxySubnetRange');
  problems.unknownFields('network', network, NETWORK_FIELDS);
  const proxySubnetRange = problems.string('network', 'proxySubnetRange', network.proxySubnetRange, defaults.DEFAULT_PROXY_SUBNET_RANGE);
  checkProxySubnetRange((m) => problems.add('network', m), proxySubnetRange, ' such as 192.168.10.0/24');
  const security = problems.map('security', 'security', input.security, SECURITY_FIELDS.join(', '));
  problems.unknownFields('security', security, SECURITY_FIELDS);
  const operatorNamespace = labelField(problems, 'security', 'operatorNamespace', security.operatorNamespace, defaults.DEFAULT_OPERATOR_NAMESPACE);
  const egress = problems.string('security', 'egress', security.egress, defaults.DEFAULT_EGRESS);
  if (!EGRESS_MODES.includes(egress)) problems.add('security', `egress "${egress}" must be one of ${EGRESS_MODES.join(', ')}`);
  const enforcement = problems.string('security', 'networkPolicyEnforcement', security.networkPolicyEnforcement, defaults.DEFAULT_NETWORK_POLICY_ENFORCEMENT);
  if (!ENFORCEMENT_MODES.includes(enforcement)) problems.add('security', `networkPolicyEnforcement "${enforcement}" must be one of ${ENFORCEMENT_MODES.join(', ')}`);

  const gatewayClassName = problems.string('gateway', 'className', gateway.className, defaults.DEFAULT_GATEWAY_CLASS);
  const clusters = planClusters(problems, input.clusters, proxySubnetRange, gatewayClassName);
  const governance = problems.map('governance', 'governance', input.governance, 'apigee');
  problems.unknownFields('governance', governance, GOVERNANCE_FIELDS);
  const apigee = planApigee(problems, governance.apigee);

  const listUpgrade = upgradeStrategy(problems, 'upgrade', input.upgrade, UPGRADE_STRATEGY[defaults.DEFAULT_UPGRADE]);
  const modelCache = planListModelCache(problems, input.modelCache);
  const planned: { where: string; model: PlannedModel }[] = [];
  if (!Array.isArray(input.models) || input.models.length === 0) {
    problems.add('models', 'must be a list of at least one model');
  } else {
    input.models.forEach((raw, index) => {
      const model = planModel(problems, index, raw, namespace, clusters, listUpgrade);
      if (model) planned.push({ where: modelWhere(index, raw), model: cacheModel(problems, modelWhere(index, raw), raw, model, modelCache) });
    });
  }
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
  const defaultModel = input.defaultModel === undefined ? undefined : problems.string('defaultModel', 'defaultModel', input.defaultModel, '');
  if (defaultModel && !planned.some((p) => p.model.id === defaultModel)) {
    problems.add('defaultModel', `"${defaultModel}" is not the id of a model in the list`);
  }

  const plan: ModelPlan = {
    namespace,
    gatewayName: labelField(problems, 'gateway', 'name', gateway.name, defaults.DEFAULT_GATEWAY_NAME),
    gatewayClassName,
    routeName: labelField(problems, 'gateway', 'routeName', gateway.routeName, defaults.DEFAULT_ROUTE_NAME),
    ruleTimeouts: problems.boolean('gateway', 'ruleTimeouts', gateway.ruleTimeouts, defaults.DEFAULT_RULE_TIMEOUTS),
    bodyBasedRouting: problems.boolean('gateway', 'bodyBasedRouting', gateway.bodyBasedRouting, defaults.DEFAULT_BODY_BASED_ROUTING),
    tls: planTls(problems, gateway.tls),
    apigee,
    proxySubnetRange,
    networkPolicies: problems.boolean('security', 'networkPolicies', security.networkPolicies, defaults.DEFAULT_NETWORK_POLICIES),
    podSecurity: problems.boolean('security', 'podSecurity', security.podSecurity, defaults.DEFAULT_POD_SECURITY),
    operatorNamespace,
    egress: egress as ModelPlan['egress'],
    networkPolicyEnforcement: enforcement as ModelPlan['networkPolicyEnforcement'],
    huggingFaceSecretName: labelField(problems, 'huggingFaceSecret', 'name', secret.name, defaults.DEFAULT_HF_SECRET_NAME),
    huggingFaceSecretKey: secretKey,
    defaultModel: defaultModel || undefined,
    models: planned.map((p) => p.model),
    clusters,
    gitops: planGitOps(problems, input.gitops, [namespace, ...planned.map((p) => p.model.namespace)]),
    modelCacheBucket: modelCache?.bucket,
    ...(input.release === undefined ? {} : { release: problems.string('release', 'release', input.release, '') }),
  };
  if (plan.release !== undefined && !RELEASE_PATTERN.test(plan.release)) problems.add('release', `"${plan.release}" is not a DNS label of at most 40 characters (lower-case letters, digits and -)`);
  checkSecretNames(problems, plan);
  if (problems.list.length === 0) checkNodePools(problems, plan);
  const warnings = problems.list.length > 0 ? [] : [...checkClassSupport(problems, plan), ...plan.models.flatMap((m) => m.deployments.flatMap((d) => d.fitWarnings ?? []))];
  if (problems.list.length > 0) throw new ModelListError(problems.list);
  return { ...plan, warnings };
}

function planApigee(problems: Problems, raw: unknown): ModelPlan['apigee'] {
  if (raw === undefined) return undefined;
  const where = 'governance apigee';
  const spec = problems.map(where, 'apigee', raw, APIGEE_FIELDS.join(', '));
  problems.unknownFields(where, spec, APIGEE_FIELDS);
  const location = problems.string(where, 'location', spec.location, defaults.DEFAULT_APIGEE_LOCATION);
  if (!APIGEE_LOCATION.test(location)) problems.add(where, `location "${location}" must be "global" or a region`);
  return {
    location,
    environment: spec.environment === undefined ? undefined : problems.string(where, 'environment', spec.environment, ''),
    failOpen: problems.boolean(where, 'failOpen', spec.failOpen, defaults.DEFAULT_APIGEE_FAIL_OPEN),
    timeoutMilliseconds: problems.wholeNumber(where, 'timeoutMilliseconds', spec.timeoutMilliseconds, defaults.DEFAULT_APIGEE_TIMEOUT_MILLISECONDS, ...boundsOf(ApigeeSchema, 'timeoutMilliseconds')),
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
