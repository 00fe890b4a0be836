/**
 * Containers KubeRay and GKE add to the pods of a RayService, with their resource requests: what a
 * node must hold beyond the containers we write. Source: ray-project/kuberay@9c13e713c17859f5c2d13bec324c9548b808c8f2
 * (tag v1.7.0) `ray-operator/controllers/ray/common/pod.go`:
 * - `DefaultWorkerPodTemplate` appends the init container `wait-gcs-ready` (request = limit =
 *   200m CPU, 256Mi memory) to every worker pod unless the operator runs with
 *   ENABLE_INIT_CONTAINER_INJECTION=false (GKE's add-on does not set it);
 * - `DefaultHeadPodTemplate` appends the container `autoscaler` to the head pod when
 *   `enableInTreeAutoscaling` is true; `BuildAutoscalerContainer` gives it 500m / 512Mi (request =
 *   limit), replaced by `autoscalerOptions.resources` when set (ours sets the same values).
 * Kubernetes counts a pod's request as the larger of its containers' sum and its largest init
 * container (https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers).
 */
export const WAIT_GCS_READY = { name: 'wait-gcs-ready', cpu: '200m', memory: '256Mi' };
export const AUTOSCALER_SIDECAR = { name: 'autoscaler', cpu: '500m', memory: '512Mi' };

/**
 * GKE's Ray logging add-on (`--enable-ray-cluster-logging`, which scripts/cluster.sh sets) injects
 * a Fluent Bit sidecar into each Ray pod (GKE "Collect and view logs and metrics for Ray clusters
 * on GKE", https://cloud.google.com/kubernetes-engine/docs/add-on/ray-on-gke/how-to/collect-view-logs-metrics).
 * The docs do not state its resource requests and they could not be read from here: this is a
 * planning allowance (a typical Fluent Bit sidecar request), not a documented number.
 */
export const RAY_LOGGING_SIDECAR = { name: 'fluentbit', cpu: '100m', memory: '256Mi' };

/**
 * The body-based router: `bbr.replicas` 1 and no `resources` in the chart's values
 * (gateway-api-inference-extension body-based-routing v1.4.0 `values.yaml`, see
 * ../shared/reference/body-based-routing-v1.4.0): one pod without requests, on the CPU pool.
 */
export const ROUTER_PODS = 1;
