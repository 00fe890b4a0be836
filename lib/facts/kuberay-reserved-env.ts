/**
 * Environment variable names a model's `env` may not set: the ones this library sets on the Ray
 * containers, and the ones the KubeRay operator validates or sets itself.
 *
 * Read from ray-project/kuberay (`ray-operator/controllers/ray/`), the v1.7.0 line (the operator
 * version of the CRDs in ../shared/crds): `utils/validation.go` (`ValidateRayClusterSpec`, read at
 * commit 0074504f84f2), `common/pod.go` (`setContainerEnvVars`, the GCS fault-tolerance and token
 * auth env setters) and `utils/constant.go` (the names). A name KubeRay *validates* makes the
 * operator refuse the whole RayService; a name it *sets* is either appended a second time
 * (duplicate env entries: the last one wins, silently) or skipped when the user set it, which
 * quietly disables what KubeRay meant it for (e.g. the RayService SLA timeouts).
 */

/** Who reserves a name, and why, for the error message. */
export interface ReservedEnv {
  readonly name: string;
  /** Where the rule comes from (a file of this repo or of ray-project/kuberay). */
  readonly source: string;
  /** Why the model may not set it. */
  readonly reason: string;
}

const VALIDATION = 'kuberay ray-operator/controllers/ray/utils/validation.go';
const POD = 'kuberay ray-operator/controllers/ray/common/pod.go';

export const RESERVED_ENV_TABLE: readonly ReservedEnv[] = [
  // This library (lib/constructs/ray-llm-service.ts).
  { name: 'HUGGING_FACE_HUB_TOKEN', source: 'lib/constructs/ray-llm-service.ts', reason: 'the library sets it from the huggingFaceSecret' },
  { name: 'RAY_SERVE_THROUGHPUT_OPTIMIZED', source: 'lib/constructs/ray-llm-service.ts', reason: 'the library sets it (seed value 1)' },
  { name: 'RAY_SERVE_ENABLE_HA_PROXY', source: 'lib/constructs/ray-llm-service.ts', reason: 'the library sets it from the model\'s haProxy setting; use haProxy: true|false' },
  // KubeRay validation: the operator rejects the RayService.
  { name: 'RAY_REDIS_ADDRESS', source: VALIDATION, reason: 'KubeRay rejects it without gcsFaultToleranceOptions (and sets it itself with them)' },
  { name: 'REDIS_PASSWORD', source: VALIDATION, reason: 'KubeRay rejects it with gcsFaultToleranceOptions (and sets it itself from them)' },
  { name: 'REDIS_USERNAME', source: VALIDATION, reason: 'KubeRay always rejects it (use gcsFaultToleranceOptions.redisUsername)' },
  { name: 'RAY_enable_autoscaler_v2', source: VALIDATION, reason: 'KubeRay rejects "1"/"true" on a fixed-size cluster, and conflicts with autoscalerOptions.version; the library chooses autoscaling from min/maxReplicas' },
  // KubeRay pod building: set on every Ray container.
  { name: 'RAY_CLUSTER_NAME', source: POD, reason: 'KubeRay sets it (managed by KubeRay, "should not be set by the user")' },
  { name: 'RAY_CLUSTER_NAMESPACE', source: POD, reason: 'KubeRay sets it (managed by KubeRay, "should not be set by the user")' },
  { name: 'RAY_CLOUD_INSTANCE_ID', source: POD, reason: 'KubeRay sets it for the Ray autoscaler (v2)' },
  { name: 'RAY_NODE_TYPE_NAME', source: POD, reason: 'KubeRay sets it for the Ray autoscaler (v2)' },
  { name: 'KUBERAY_GEN_RAY_START_CMD', source: POD, reason: 'KubeRay stores the generated `ray start` command in it' },
  { name: 'FQ_RAY_IP', source: POD, reason: 'KubeRay sets the head address on workers with it' },
  { name: 'RAY_IP', source: POD, reason: 'KubeRay sets the head address on workers with it' },
  { name: 'RAY_PORT', source: POD, reason: 'KubeRay sets the GCS port with it' },
  { name: 'RAY_ADDRESS', source: POD, reason: 'KubeRay sets the cluster address with it' },
  { name: 'RAY_USAGE_STATS_KUBERAY_IN_USE', source: POD, reason: 'KubeRay sets it' },
  { name: 'RAY_USAGE_STATS_EXTRA_TAGS', source: POD, reason: 'KubeRay sets it on the head' },
  { name: 'RAY_DASHBOARD_ENABLE_K8S_DISK_USAGE', source: POD, reason: 'KubeRay sets it' },
  { name: 'RAY_timeout_ms_task_wait_for_death_info', source: POD, reason: 'KubeRay sets it on RayService clusters for the service SLA' },
  { name: 'RAY_gcs_server_request_timeout_seconds', source: POD, reason: 'KubeRay sets it on RayService clusters for the service SLA' },
  { name: 'RAY_SERVE_KV_TIMEOUT_S', source: POD, reason: 'KubeRay sets it on RayService clusters for the service SLA' },
  { name: 'RAY_external_storage_namespace', source: POD, reason: 'KubeRay sets it for GCS fault tolerance' },
  { name: 'RAY_gcs_rpc_server_reconnect_timeout_s', source: POD, reason: 'KubeRay sets it on workers for GCS fault tolerance' },
  { name: 'RAY_AUTH_MODE', source: POD, reason: 'KubeRay sets it with authOptions (token auth)' },
  { name: 'RAY_AUTH_TOKEN', source: POD, reason: 'KubeRay sets it from its own Secret with authOptions (token auth)' },
  { name: 'RAY_ENABLE_K8S_TOKEN_AUTH', source: POD, reason: 'KubeRay sets it with authOptions (Kubernetes token auth)' },
];

/** The reservation of this name, or undefined. */
export function reservedEnv(name: string): ReservedEnv | undefined {
  return RESERVED_ENV_TABLE.find((entry) => entry.name === name);
}
