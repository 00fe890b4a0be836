/** Facts of Ray, KubeRay and GKE's Ray add-on the constructs and the plan share: ports, labels, names. */

/** Port of Ray Serve's HTTP proxy on the head (and the serve Service). */
export const SERVE_PORT = 8000;
/** Name of the GPU worker group. */
export const WORKER_GROUP_NAME = 'gpu-group';
/** Node label GKE puts on GPU nodes; the workers select their accelerator with it. */
export const ACCELERATOR_NODE_LABEL = 'cloud.google.com/gke-accelerator';
/** Label on every pod of a model's Ray cluster (head and workers): its RayService name. */
export const RAY_SERVICE_POD_LABEL = 'ray-llm-gateway/ray-service';

/** Label KubeRay's operator pods carry. */
export const KUBERAY_OPERATOR_LABEL = { 'app.kubernetes.io/component': 'kuberay-operator' };
/** Ray's metrics export port (scraped by GKE's managed Prometheus) and the Ray dashboard port. */
export const RAY_METRICS_PORT = 8080;
export const RAY_DASHBOARD_PORT = 8265;

/**
 * Namespace of the KubeRay operator pods (see SecuritySpec.operatorNamespace): GKE's Ray
 * Operator add-on, which scripts/cluster.sh enables, runs Google-managed components in
 * kube-system. Google's add-on docs do not name it; check with
 * `kubectl get pods -A -l app.kubernetes.io/component=kuberay-operator`.
 */
export const KUBERAY_OPERATOR_NAMESPACE = 'kube-system';

/** The Service KubeRay creates for a RayService's Serve endpoint (port 8000): `<rayservice>-serve-svc`. */
export function serveServiceNameOf(rayServiceName: string): string {
  return `${rayServiceName}-serve-svc`;
}

/** KubeRay rejects longer RayService names (63 - len("-serve-svc") - 6). */
export const MAX_RAY_SERVICE_NAME_LENGTH = 47;
