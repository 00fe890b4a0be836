/**
 * Defaults of the model list, read from the `default` keywords of its one schema
 * (lib/list/model-spec.ts, lib/list/list-spec.ts): nothing here repeats a value.
 * Only the worker's resources are derived (per GPU), so they are stated here.
 */
import { defaultOf } from './schema-kit';
import { ApiKeySecretSchema, ApigeeSchema, GatewaySchema, HuggingFaceSecretSchema, ModelCacheSchema, ModelListSchema, NetworkSchema, SecuritySchema, TlsSchema } from './list-spec';
import { HeadResourcesSchema, ModelSchema } from './model-spec';
import { ArgoCdSchema, FluxSchema, GitOpsSchema } from './gitops-spec';

/** Resources of one Ray pod. */
export interface PodResourceDefaults {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

export const DEFAULT_NAMESPACE = defaultOf<string>(ModelListSchema, 'namespace');
export const DEFAULT_UPGRADE = defaultOf<'newCluster' | 'none'>(ModelListSchema, 'upgrade');
export const DEFAULT_GATEWAY_NAME = defaultOf<string>(GatewaySchema, 'name');
export const DEFAULT_GATEWAY_CLASS = defaultOf<string>(GatewaySchema, 'className');
export const DEFAULT_ROUTE_NAME = defaultOf<string>(GatewaySchema, 'routeName');
export const DEFAULT_BODY_BASED_ROUTING = defaultOf<boolean>(GatewaySchema, 'bodyBasedRouting');
export const DEFAULT_RULE_TIMEOUTS = defaultOf<boolean>(GatewaySchema, 'ruleTimeouts');
export const DEFAULT_MODEL_LIST = defaultOf<boolean>(GatewaySchema, 'modelList');
export const DEFAULT_API_KEY_SECRET_KEY = defaultOf<string>(ApiKeySecretSchema, 'key');
export const DEFAULT_HTTP_MODE = defaultOf<'redirect' | 'off' | 'serve'>(TlsSchema, 'http');
export const DEFAULT_HF_SECRET_NAME = defaultOf<string>(HuggingFaceSecretSchema, 'name');
export const DEFAULT_HF_SECRET_KEY = defaultOf<string>(HuggingFaceSecretSchema, 'key');
export const DEFAULT_ACCELERATOR = defaultOf<string>(ModelSchema, 'accelerator');
export const DEFAULT_GPUS_PER_REPLICA = defaultOf<number>(ModelSchema, 'gpusPerReplica');
export const DEFAULT_MIN_REPLICAS = defaultOf<number>(ModelSchema, 'minReplicas');
export const DEFAULT_MAX_REPLICAS = defaultOf<number>(ModelSchema, 'maxReplicas');
export const DEFAULT_IMAGE = defaultOf<string>(ModelSchema, 'image');
export const DEFAULT_RAY_VERSION = defaultOf<string>(ModelSchema, 'rayVersion');
export const DEFAULT_HA_PROXY = defaultOf<boolean>(ModelSchema, 'haProxy');
export const DEFAULT_HEAD: PodResourceDefaults = {
  cpu: defaultOf<string>(HeadResourcesSchema, 'cpu'),
  memory: defaultOf<string>(HeadResourcesSchema, 'memory'),
  ephemeralStorage: defaultOf<string>(HeadResourcesSchema, 'ephemeralStorage'),
};
/** Worker CPU and memory per GPU; ephemeral storage per pod (the worker schema's description says the same). */
export const DEFAULT_WORKER_PER_GPU = { cpu: 6, memoryGi: 24, ephemeralStorage: '24Gi' };
/** Backend timeout: long enough for a long streamed generation (GKE's own default is 30 s). */
export const DEFAULT_TIMEOUT_SECONDS = defaultOf<number>(ModelSchema, 'timeoutSeconds');
export const DEFAULT_MAX_ADAPTERS_PER_REPLICA = defaultOf<number>(ModelSchema, 'maxAdaptersPerReplica');
export const DEFAULT_PROXY_SUBNET_RANGE = defaultOf<string>(NetworkSchema, 'proxySubnetRange');
export const DEFAULT_NETWORK_POLICIES = defaultOf<boolean>(SecuritySchema, 'networkPolicies');
export const DEFAULT_POD_SECURITY = defaultOf<boolean>(SecuritySchema, 'podSecurity');
export const DEFAULT_OPERATOR_NAMESPACE = defaultOf<string>(SecuritySchema, 'operatorNamespace');
export const DEFAULT_NETWORK_POLICY_ENFORCEMENT = defaultOf<'required' | 'unenforced-ok'>(SecuritySchema, 'networkPolicyEnforcement');
export const DEFAULT_EGRESS = defaultOf<'open' | 'restricted'>(SecuritySchema, 'egress');
export const DEFAULT_MODEL_CACHE_ALL_MODELS = defaultOf<boolean>(ModelCacheSchema, 'allModels');
export const DEFAULT_APIGEE_LOCATION = defaultOf<string>(ApigeeSchema, 'location');
export const DEFAULT_APIGEE_FAIL_OPEN = defaultOf<boolean>(ApigeeSchema, 'failOpen');
export const DEFAULT_APIGEE_TIMEOUT_MILLISECONDS = defaultOf<number>(ApigeeSchema, 'timeoutMilliseconds');

export const DEFAULT_GITOPS_REVISION = defaultOf<string>(GitOpsSchema, 'revision');
export const DEFAULT_GITOPS_PATH = defaultOf<string>(GitOpsSchema, 'path');
export const DEFAULT_ARGOCD_NAMESPACE = defaultOf<string>(ArgoCdSchema, 'namespace');
export const DEFAULT_ARGOCD_PROJECT = defaultOf<string>(ArgoCdSchema, 'project');
export const DEFAULT_FLUX_NAMESPACE = defaultOf<string>(FluxSchema, 'namespace');
export const DEFAULT_FLUX_INTERVAL = defaultOf<string>(FluxSchema, 'interval');
