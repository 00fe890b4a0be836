/** Google Cloud / GKE network facts. */

/** Source ranges of Google Cloud health checks (load-balancing firewall rules). */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
/** Namespace of GKE's managed Prometheus collectors, and Ray's metrics export port. */
export const METRICS_NAMESPACE = 'gmp-system';

/**
 * Namespaces a model list may not use: Kubernetes reserves the `kube-` prefix ("Avoid creating
 * namespaces with the prefix kube-, since it is reserved for Kubernetes system namespaces",
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces);
 * GKE manages `gke-*` (gke-managed-system, gke-gmp-system, gke-mcs, ...), `gmp-*` (gmp-system,
 * gmp-public: Managed Service for Prometheus) and the namespaces of its add-ons (Config Sync /
 * Policy Controller, Cloud Service Mesh, Config Connector) — see "GKE-managed namespaces" in
 * https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security#built-in-security.
 * That page's exact list could not be read where this was written; the names below are the ones
 * the GKE docs of each add-on give. `default` is not here: it may hold objects, it is never created
 * or deleted (lib/plan/cluster-steps.ts).
 */
export const RESERVED_NAMESPACE_PREFIXES = ['kube-', 'gke-', 'gmp-'];
export const RESERVED_NAMESPACES = [
  'istio-system', 'asm-system', 'config-management-system', 'config-management-monitoring', 'resource-group-system',
  'gatekeeper-system', 'cnrm-system', 'configconnector-operator-system', 'anthos-identity-service', 'gke-connect',
];
