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

/**
 * Ranges a proxy-only subnet may take: private IPv4 ranges — RFC 1918 (10/8, 172.16/12, 192.168/16)
 * and RFC 6598 shared address space (100.64/10), both "valid IPv4 ranges" of a VPC subnet
 * (https://cloud.google.com/vpc/docs/subnets#valid-ranges). A public range, used privately, would
 * make the NetworkPolicies admit Serve traffic from real Internet addresses; 0.0.0.0/0 from anywhere.
 */
export const PRIVATE_IPV4_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
/**
 * Prefix lengths of a proxy-only subnet: "a primary IP address range of /26 or larger" is required
 * and /23 recommended (https://cloud.google.com/load-balancing/docs/proxy-only-subnets#proxy_only_subnet_size).
 * The largest allowed here is /16: a bigger range is no proxy-only subnet anyone means to create.
 */
export const PROXY_SUBNET_PREFIX = { largest: 16, smallest: 26, recommended: 23 };
