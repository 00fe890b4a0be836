/**
 * Status fields `scripts/cluster.sh status` reads, and what they mean. Sources:
 *
 * | fact | source |
 * |---|---|
 * | RayService conditions `Ready`, `UpgradeInProgress`; reasons `ZeroServeEndpoints`, `InitializingTimeout` | ray-project/kuberay@9c13e713c17859f5c2d13bec324c9548b808c8f2 (v1.7.0) `ray-operator/apis/ray/v1/rayservice_types.go` (RayServiceReady, UpgradeInProgress) |
 * | `status.activeServiceStatus` / `pendingServiceStatus`, `.applicationStatuses{name: {status, message}}`, `numServeEndpoints` | same file (RayServiceStatuses, RayServiceStatus.Applications, AppStatus); CRD `../shared/crds/kuberay/ray.io_rayservices.yaml` v1.7.0 |
 * | application status values (`RUNNING`, `DEPLOYING`, `DEPLOY_FAILED`, `UNHEALTHY`, ...) | same file, ApplicationStatusEnum |
 * | `Ready` is True once serve endpoints > 0 | same commit, `ray-operator/controllers/ray/rayservice_controller.go` (setCondition ... NonZeroServeEndpoints) |
 * | event `FailedToUpdateServeApplications` ("Failed to update serve applications to the RayCluster ...") when the operator cannot submit the Serve config through the head's dashboard | same commit, `ray-operator/controllers/ray/utils/constant.go`, `rayservice_controller.go` (Recorder.Eventf) |
 * | Gateway `Programmed` and `status.addresses`; HTTPRoute `status.parents[].conditions` `Accepted`, `ResolvedRefs` | kubernetes-sigs/gateway-api v1.6.1 standard CRDs, `../shared/crds/gateway-api/` |
 * | HealthCheckPolicy `status.conditions`; GCPBackendPolicy `status.conditions` and `status.ancestors[].conditions` | GoogleCloudPlatform/gke-gateway-api@fc40d606a533 `config/crd/` (`../shared/crds/gke/`) |
 *
 * Not confirmed: which condition *type* GKE sets on its policies (the CRDs give only the
 * metav1.Condition shape). So a policy counts as attached unless one of its conditions is False;
 * no status at all is shown as "no status" and is not counted as a failure.
 */

/** `status.conditions[].type` of a RayService (KubeRay v1.7). */
export const RAYSERVICE_READY = 'Ready';
export const RAYSERVICE_UPGRADE_IN_PROGRESS = 'UpgradeInProgress';
/** `applicationStatuses[name].status` of a Serve application that serves. */
export const SERVE_APP_RUNNING = 'RUNNING';
/** Application statuses that will not recover without a change. */
export const SERVE_APP_FAILED = ['DEPLOY_FAILED', 'UNHEALTHY'];
/** Event reason on the RayService when the operator cannot submit the Serve config to the head. */
export const SERVE_UPDATE_FAILED_EVENT = 'FailedToUpdateServeApplications';

/** Gateway API condition types (v1.6.1). */
export const GATEWAY_PROGRAMMED = 'Programmed';
export const ROUTE_ACCEPTED = 'Accepted';
export const ROUTE_RESOLVED_REFS = 'ResolvedRefs';
/** Pod condition the scheduler sets; its reason `Unschedulable` carries the scheduler's message. */
export const POD_SCHEDULED = 'PodScheduled';

/** The kinds `status` reads, as `kubectl get` resource names (group-qualified: no short-name clashes). */
export const STATUS_RESOURCES = [
  'rayservices.ray.io',
  'pods',
  'events',
  'deployments.apps',
  'gateways.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'healthcheckpolicies.networking.gke.io',
  'gcpbackendpolicies.networking.gke.io',
];
