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
 * Namespace of the KubeRay operator pods (see SecuritySpec.operatorNamespace), for an operator
 * that runs as pods in the cluster (a KubeRay Helm install: its release namespace).
 *
 * Where the requests of GKE's Ray Operator add-on come from. Confirmed: GKE "automatically
 * installs and hosts the KubeRay operator"
 * (https://cloud.google.com/kubernetes-engine/docs/add-on/ray-on-gke/concepts/overview); KubeRay
 * calls the head's dashboard (8265, through the head Service) and Serve's `/-/healthz` (8000, on
 * the head pod) either directly from the operator's pod or, with `--use-kubernetes-proxy`,
 * through the API server's `services/proxy` and `pods/proxy` subresources ("useful when network
 * policies disallow ingress traffic to the Ray cluster from other pods or Kuberay is running in a
 * network without connectivity to Pods": ray-project/kuberay@feeaf72 ray-operator/apis/config/v1alpha1/configuration_types.go
 * UseKubernetesProxy, controllers/ray/utils/util.go GetRayDashboardClientFunc / GetRayHttpProxyClientFunc;
 * pull request 1980). Not confirmed by any Google document found: whether the add-on's operator
 * runs as pods in kube-system (and with which labels) or in Google's control plane with the
 * proxy. The policies therefore admit both paths on 8265 and 8000 only: operator pods of this
 * namespace, and the konnectivity-agent pods the API server's proxy arrives from
 * (KONNECTIVITY_AGENT_* in lib/facts/gke.ts). Check with
 * `kubectl get pods -A -l app.kubernetes.io/component=kuberay-operator`.
 */
export const KUBERAY_OPERATOR_NAMESPACE = 'kube-system';

/** The Service KubeRay creates for a RayService's Serve endpoint (port 8000): `<rayservice>-serve-svc`. */
export function serveServiceNameOf(rayServiceName: string): string {
  return `${rayServiceName}-serve-svc`;
}

/**
 * KubeRay rejects longer RayService names, and names that are not DNS-1035 labels, when it reconciles
 * (the API server accepts them): ray-project/kuberay@v1.5.0 ray-operator/controllers/ray/utils/validation.go
 * ValidateRayServiceMetadata; constant.go MaxRayServiceNameLength = MaxRayClusterNameLength (53:
 * 63 - len("-serve-svc")) - 6 (the suffix GenerateRayClusterName appends).
 */
export const MAX_RAY_SERVICE_NAME_LENGTH = 47;
