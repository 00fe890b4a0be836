/**
 * The border check of a model list: every field of the list has the type its one schema gives
 * (maps, strings, whole numbers within bounds, true/false, the values of a union, list entries),
 * no field is unknown (with "did you mean"), and required fields are there; each problem names
 * where and the field. The planner (lib/plan) then plans the typed list this returns, adding what
 * values mean and how they fit together; both kinds of problems are reported at once.
 */
import { MAX_HOSTNAME_LENGTH } from '../facts/gateway-api';
import { flag, section, oneOf, text, wholeNumber } from './check-fields';
import { checkModel, modelWhere, upgradeField } from './check-model';
import { ArgoCdSchema, FluxSchema, GitOpsSchema, GitOpsSpec } from './gitops-spec';
import {
  ApiKeySecretSchema, ApigeeSchema, ClusterSchema, ClusterSpec, GatewaySchema, GatewaySpec, GovernanceSchema, HttpModeSchema, HuggingFaceSecretSchema,
  ModelCacheSchema, ModelListSchema, ModelListSpec, NetworkSchema, RouterSchema, SecuritySchema, SecuritySpec, TlsSchema, TlsSpec,
} from './list-spec';
import { ModelListError } from './model-list-error';
import { ModelSpec } from './model-spec';
import { isObject, Json, Problems } from './problems';
import { fieldsOf, literalsOf } from './schema-kit';

export const EGRESS_MODES = literalsOf(SecuritySchema.properties.egress) as NonNullable<SecuritySpec['egress']>[];
export const ENFORCEMENT_MODES = literalsOf(SecuritySchema.properties.networkPolicyEnforcement) as NonNullable<SecuritySpec['networkPolicyEnforcement']>[];
const HTTP_MODES = literalsOf(HttpModeSchema) as NonNullable<TlsSpec['http']>[];
/** Gateway API Hostname: a DNS name, optionally with a leading `*.` wildcard label, at most MAX_HOSTNAME_LENGTH characters (the CRD's). */
const HOSTNAME = new RegExp(`^(?=.{1,${MAX_HOSTNAME_LENGTH}}$)(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`);
/** HTTPRoute hostnames limit (Gateway API). */
export const MAX_HOSTNAMES = 16;

/** A list that passed the border check, and what the planner needs to name its parts as the written list does. */
export interface CheckedList {
  /** The list, typed: a value of the wrong type is left out (the default stands in) or, where the planner must see that it was given, "". */
  readonly list: ModelListSpec;
  /** How problems name each model of `list.models` (`models[2] "id"`: its place in the written list). */
  readonly modelPlaces: readonly string[];
  /** How problems name each cluster of `list.clusters` (`clusters[0] "us-central"`). */
  readonly clusterPlaces: readonly string[];
  /** The problems found so far; the planner adds its own. */
  readonly problems: Problems;
}

/**
 * Checks a model list (parsed YAML, or a `ModelListSpec` from code) against its schema.
 * @throws ModelListError when it is not a map at all
 */
export function checkModelList(input: unknown): CheckedList {
  const problems = new Problems();
  if (!isObject(input)) throw new ModelListError(['the model list must be a map with a "models" list']);
  problems.unknownFields('model list', input, fieldsOf(ModelListSchema));
  const namespace = text(problems, 'namespace', 'namespace', input.namespace);
  const gateway = section(problems, 'gateway', 'gateway', orEmpty(input.gateway), fieldsOf(GatewaySchema).join(', '), fieldsOf(GatewaySchema))!;
  const secret = section(problems, 'huggingFaceSecret', 'huggingFaceSecret', orEmpty(input.huggingFaceSecret), 'name, key', fieldsOf(HuggingFaceSecretSchema))!;
  const secretKey = text(problems, 'huggingFaceSecret', 'key', secret.key);
  const network = section(problems, 'network', 'network', orEmpty(input.network), 'proxySubnetRange', fieldsOf(NetworkSchema))!;
  const proxySubnetRange = text(problems, 'network', 'proxySubnetRange', network.proxySubnetRange);
  const security = section(problems, 'security', 'security', orEmpty(input.security), fieldsOf(SecuritySchema).join(', '), fieldsOf(SecuritySchema))!;
  const operatorNamespace = text(problems, 'security', 'operatorNamespace', security.operatorNamespace);
  const mode = <T extends string>(field: string, allowed: T[]): T | undefined => {
    const value = text(problems, 'security', field, security[field]);
    return oneOf(problems, 'security', value, allowed, () => `${field} "${value}" must be one of ${allowed.join(', ')}`);
  };
  const egress = mode('egress', EGRESS_MODES);
  const networkPolicyEnforcement = mode('networkPolicyEnforcement', ENFORCEMENT_MODES);
  const className = text(problems, 'gateway', 'className', gateway.className);
  const { clusters, clusterPlaces } = checkClusters(problems, input.clusters);
  const governance = section(problems, 'governance', 'governance', orEmpty(input.governance), 'apigee', fieldsOf(GovernanceSchema))!;
  const apigee = checkApigee(problems, governance.apigee);
  const apiKeySecret = checkApiKeySecret(problems, governance.apiKeySecret);
  const router = checkRouter(problems, input.router);
  const upgrade = upgradeField(problems, 'upgrade', input.upgrade);
  const modelCache = checkModelCache(problems, input.modelCache);

  const models: ModelSpec[] = [];
  const modelPlaces: string[] = [];
  if (!Array.isArray(input.models) || input.models.length === 0) {
    problems.add('models', 'must be a list of at least one model');
  } else {
    const fleetSize = Array.isArray(input.clusters) ? input.clusters.length : 0;
    input.models.forEach((raw, index) => {
      const model = checkModel(problems, modelWhere(index, raw), raw, fleetSize);
      if (model) {
        models.push(model);
        modelPlaces.push(modelWhere(index, raw));
      }
    });
  }
  const defaultModel = text(problems, 'defaultModel', 'defaultModel', input.defaultModel, '');

  const checkedGateway: GatewaySpec = {
    name: text(problems, 'gateway', 'name', gateway.name),
    className,
    routeName: text(problems, 'gateway', 'routeName', gateway.routeName),
    ruleTimeouts: flag(problems, 'gateway', 'ruleTimeouts', gateway.ruleTimeouts),
    bodyBasedRouting: flag(problems, 'gateway', 'bodyBasedRouting', gateway.bodyBasedRouting),
    modelList: flag(problems, 'gateway', 'modelList', gateway.modelList),
    tls: checkTls(problems, gateway.tls),
  };
  const checkedSecurity: SecuritySpec = {
    networkPolicies: flag(problems, 'security', 'networkPolicies', security.networkPolicies),
    podSecurity: flag(problems, 'security', 'podSecurity', security.podSecurity),
    operatorNamespace,
    egress,
    networkPolicyEnforcement,
  };
  const list: ModelListSpec = {
    namespace,
    gateway: checkedGateway,
    huggingFaceSecret: { name: text(problems, 'huggingFaceSecret', 'name', secret.name), key: secretKey },
    network: { proxySubnetRange },
    security: checkedSecurity,
    governance: { apigee, apiKeySecret },
    clusters,
    models,
    defaultModel,
    upgrade,
    gitops: checkGitOps(problems, input.gitops),
    modelCache,
    router,
    release: text(problems, 'release', 'release', input.release, ''),
  };
  return { list, modelPlaces, clusterPlaces, problems };
}

/** An optional map section: {} when absent, so its fields are checked (and planned) as left out. */
function orEmpty(value: unknown): unknown {
  return value === undefined ? {} : value;
}

function checkClusters(problems: Problems, raw: unknown): { clusters?: ClusterSpec[]; clusterPlaces: string[] } {
  if (raw === undefined) return { clusterPlaces: [] };
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add('clusters', 'must be a list of at least one cluster (name, region)');
    return { clusterPlaces: [] };
  }
  const clusterPlaces: string[] = [];
  const clusters = raw.map((entry, index): ClusterSpec => {
    const where = `clusters[${index}]${isObject(entry) && typeof entry.name === 'string' ? ` "${entry.name}"` : ''}`;
    clusterPlaces.push(where);
    const spec: Json = isObject(entry) ? entry : {};
    if (!isObject(entry)) problems.add(where, 'must be a map with name and region');
    problems.unknownFields(where, spec, fieldsOf(ClusterSchema));
    return {
      name: problems.required(where, 'name', spec.name),
      region: problems.required(where, 'region', spec.region),
      location: text(problems, where, 'location', spec.location),
      // "" when wrong: the planner checks a given range.
      proxySubnetRange: text(problems, where, 'proxySubnetRange', spec.proxySubnetRange, ''),
      config: flag(problems, where, 'config', spec.config),
    };
  });
  return { clusters, clusterPlaces };
}

function checkApigee(problems: Problems, raw: unknown): NonNullable<ModelListSpec['governance']>['apigee'] {
  const where = 'governance apigee';
  const spec = section(problems, where, 'apigee', raw, fieldsOf(ApigeeSchema).join(', '), fieldsOf(ApigeeSchema));
  if (!spec) return undefined;
  return {
    location: text(problems, where, 'location', spec.location),
    environment: text(problems, where, 'environment', spec.environment, ''),
    failOpen: flag(problems, where, 'failOpen', spec.failOpen),
    timeoutMilliseconds: wholeNumber(problems, where, ApigeeSchema, 'timeoutMilliseconds', spec.timeoutMilliseconds),
  };
}

function checkApiKeySecret(problems: Problems, raw: unknown): NonNullable<ModelListSpec['governance']>['apiKeySecret'] {
  const where = 'governance apiKeySecret';
  const spec = section(problems, where, 'apiKeySecret', raw, fieldsOf(ApiKeySecretSchema).join(', '), fieldsOf(ApiKeySecretSchema));
  if (!spec) return undefined;
  return { name: problems.required(where, 'name', spec.name), key: text(problems, where, 'key', spec.key) };
}

/** The router section; a chartVersion outside the supported ones is the planner's to explain (lib/plan/router-chart.ts). */
function checkRouter(problems: Problems, raw: unknown): ModelListSpec['router'] {
  const spec = section(problems, 'router', 'router', raw, fieldsOf(RouterSchema).join(', '), fieldsOf(RouterSchema));
  if (!spec) return undefined;
  return { chartVersion: text(problems, 'router', 'chartVersion', spec.chartVersion) as NonNullable<ModelListSpec['router']>['chartVersion'] };
}

function checkModelCache(problems: Problems, raw: unknown): ModelListSpec['modelCache'] {
  const spec = section(problems, 'modelCache', 'modelCache', raw, fieldsOf(ModelCacheSchema).join(', '), fieldsOf(ModelCacheSchema));
  if (!spec) return undefined;
  return { bucket: problems.required('modelCache', 'bucket', spec.bucket), allModels: flag(problems, 'modelCache', 'allModels', spec.allModels) };
}

function checkTls(problems: Problems, raw: unknown): TlsSpec | undefined {
  if (raw === undefined) return undefined;
  const where = 'gateway tls';
  if (!isObject(raw)) {
    problems.add(where, 'must be a map (certificateSecret or certificateMap, hostnames, http)');
    return undefined;
  }
  problems.unknownFields(where, raw, fieldsOf(TlsSchema));
  return {
    // "" when wrong: the planner needs one of the two given.
    certificateSecret: text(problems, where, 'certificateSecret', raw.certificateSecret, ''),
    certificateMap: text(problems, where, 'certificateMap', raw.certificateMap, ''),
    http: oneOf(problems, where, raw.http, HTTP_MODES, () => `http must be one of ${HTTP_MODES.join(', ')} (got ${JSON.stringify(raw.http)})`),
    hostnames: problems.strings(where, 'hostnames', raw.hostnames, HOSTNAME, `a lowercase DNS name of at most ${MAX_HOSTNAME_LENGTH} characters, optionally starting with "*."`, MAX_HOSTNAMES),
  };
}

function checkGitOps(problems: Problems, raw: unknown): GitOpsSpec | undefined {
  const where = 'gitops';
  const spec = section(problems, where, 'gitops', raw, fieldsOf(GitOpsSchema).join(', '), fieldsOf(GitOpsSchema));
  if (!spec || Object.keys(spec).length === 0) return undefined;
  const repoURL = problems.required(where, 'repoURL', spec.repoURL);
  const revision = text(problems, where, 'revision', spec.revision);
  const path = text(problems, where, 'path', spec.path);
  const argo = spec.argocd === undefined ? undefined : problems.map('gitops argocd', 'argocd', spec.argocd, fieldsOf(ArgoCdSchema).join(', '));
  const flux = spec.flux === undefined ? undefined : problems.map('gitops flux', 'flux', spec.flux, fieldsOf(FluxSchema).join(', '));
  if (argo) problems.unknownFields('gitops argocd', argo, fieldsOf(ArgoCdSchema));
  if (flux) problems.unknownFields('gitops flux', flux, fieldsOf(FluxSchema));
  // The planner reads the namespace of the controller it plans (Flux only when Argo CD is not given), Argo CD's project and Flux's interval.
  const fluxControls = flux !== undefined && argo === undefined;
  const controllerNamespace = fluxControls ? text(problems, 'gitops flux', 'namespace', flux.namespace) : text(problems, 'gitops argocd', 'namespace', argo?.namespace);
  const project = text(problems, 'gitops argocd', 'project', argo?.project);
  const interval = text(problems, 'gitops flux', 'interval', flux?.interval);
  return {
    repoURL,
    revision,
    path,
    argocd: argo && { namespace: fluxControls ? undefined : controllerNamespace, project },
    flux: flux && { namespace: fluxControls ? controllerNamespace : undefined, interval },
  };
}
