/**
 * How KubeRay rolls out a change of a RayService, and when it gives up on a first start. Read in
 * ray-project/kuberay@v1.5.0 (commit 21cf8ccdc0f617931ab424b884248a8c637b4136):
 *
 * | fact | source |
 * |---|---|
 * | A RayService whose `rayClusterConfig` hash differs from its RayCluster's gets a new (pending) RayCluster when the upgrade strategy is NewCluster (`shouldPrepareNewCluster` → `isZeroDowntimeUpgradeEnabled`); with `None` the change waits | `ray-operator/controllers/ray/rayservice_controller.go` `shouldPrepareNewCluster`, `isClusterSpecHashEqual` |
 * | The hash leaves out each worker group's `replicas`, `minReplicas`, `maxReplicas` and `scaleStrategy.workersToDelete`: a change of those alone updates the running cluster | same file, `generateHashWithoutReplicasAndWorkersToDelete` |
 * | Worker groups appended at the end update the running cluster too (partial hash over the old groups) | same file, `isClusterSpecHashEqual(..., partial=true)` |
 * | `serveConfigV2` is not part of the hash: a change of it alone is sent to the running cluster's Serve (in place) | same file (the hash is over `Spec.RayClusterSpec` only) |
 * | The new cluster starts with each group's `replicas` workers and takes traffic once its Serve apps run; the old one is deleted `rayClusterDeletionDelaySeconds` later | same file, `reconcileRayCluster`; `ray-operator/apis/ray/v1/rayservice_types.go` |
 * | Annotation `ray.io/initializing-timeout`: a Go duration (`"15m"`) or whole seconds (`"900"`), positive; otherwise the RayService fails validation | `ray-operator/controllers/ray/utils/constant.go` `RayServiceInitializingTimeoutAnnotation`; `ray-operator/controllers/ray/utils/validation.go` `validateInitializingTimeout` |
 * | Counted from the `Ready` condition's last transition while it is False with reason `Initializing`; when exceeded: `Ready` False, reason `InitializingTimeout`, a Warning event `RayServiceInitializingTimeout`, the Ray clusters are deleted, and the state is terminal (a spec change does not retry: delete and re-create the RayService) | `rayservice_controller.go` `markFailedOnInitializingTimeout`, `isInitializingTimeout`; `ray-operator/apis/ray/v1/rayservice_types.go` `RayServiceInitializingTimeout` |
 * | It applies only to the first start (reason `Initializing`), not to the pending cluster of an upgrade | same functions |
 */

/** Fields of a worker group that KubeRay's cluster hash leaves out (a change of them alone is applied in place). */
export const HASH_MUTED_WORKER_GROUP_FIELDS = ['replicas', 'minReplicas', 'maxReplicas'] as const;
/** The same, nested under `scaleStrategy`. */
export const HASH_MUTED_SCALE_STRATEGY_FIELDS = ['workersToDelete'] as const;

/** The annotation that bounds a RayService's first start (KubeRay >= 1.5). */
export const INITIALIZING_TIMEOUT_ANNOTATION = 'ray.io/initializing-timeout';
/** `Ready` condition reason once the timeout was hit (terminal). */
export const INITIALIZING_TIMEOUT_REASON = 'InitializingTimeout';
/** The Warning event's reason. */
export const INITIALIZING_TIMEOUT_EVENT = 'RayServiceInitializingTimeout';
