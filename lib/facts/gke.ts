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
/**
 * Labels of the Managed Service for Prometheus collector pods (a DaemonSet in gmp-system; each
 * scrapes the targets on its node) that scrape Ray's metrics for `--enable-ray-cluster-monitoring`.
 * Google's own PodMonitoring for the collectors selects them by `app.kubernetes.io/name: collector`
 * in gmp-system: https://cloud.google.com/stackdriver/docs/managed-prometheus/exporters/prometheus;
 * managed collection runs "Prometheus-based collectors as a Daemonset ... only scraping targets on
 * colocated nodes": https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed.
 * Not confirmed from a source: that the collectors use the pod network (not hostNetwork); check
 * with `kubectl -n gmp-system get pods -l app.kubernetes.io/name=collector -o wide`.
 */
export const METRICS_COLLECTOR_LABELS = { 'app.kubernetes.io/name': 'collector' };

/**
 * Konnectivity: the path from GKE's control plane to pods. The API server reaches pods (its
 * `pods/proxy` and `services/proxy` subresources, admission webhooks) through konnectivity-agent
 * pods in kube-system, so such requests arrive from those pods' addresses: "On AKS and GKE the
 * apiserver proxies admission calls through those pods, so they arrived with a pod source IP"
 * (tigera/operator pull request 5212, https://github.com/tigera/operator/pull/5212). The label is
 * the upstream agent manifest's (kubernetes/website content/en/examples/admin/konnectivity/konnectivity-agent.yaml:
 * namespace kube-system, `k8s-app: konnectivity-agent`); that GKE's agents carry the same label is
 * not confirmed by a Google document: check with `kubectl -n kube-system get pods -l k8s-app=konnectivity-agent`.
 */
export const KONNECTIVITY_AGENT_NAMESPACE = 'kube-system';
export const KONNECTIVITY_AGENT_LABELS = { 'k8s-app': 'konnectivity-agent' };

/**
 * NetworkPolicy enforcement on GKE Standard. A cluster enforces NetworkPolicies with GKE
 * Dataplane V2 (`networkConfig.datapathProvider: ADVANCED_DATAPATH`, set at creation with
 * `--enable-dataplane-v2`) or with Calico (`networkPolicy.enabled: true`); otherwise the objects
 * are accepted and enforce nothing. Field names and values: the Cluster resource,
 * https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters
 * (NetworkConfig.datapathProvider: DATAPATH_PROVIDER_UNSPECIFIED | LEGACY_DATAPATH | ADVANCED_DATAPATH;
 * NetworkPolicy.enabled). Turning Calico enforcement on for an existing cluster is two updates,
 * the add-on then the enforcement, which re-creates the nodes:
 * https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy ("Enabling network policy
 * enforcement"); Dataplane V2 is chosen at cluster creation:
 * https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2.
 */
export const DATAPLANE_V2_FLAG = '--enable-dataplane-v2';
/** gcloud projection printing `<datapathProvider>,<networkPolicy.enabled>` (csv; an unset field is empty). */
export const ENFORCEMENT_FORMAT = '--format=csv[no-heading](networkConfig.datapathProvider,networkPolicy.enabled)';
/** Outputs (bash patterns) of ENFORCEMENT_FORMAT for a cluster that enforces NetworkPolicies. */
export const ENFORCING_OUTPUTS = ['ADVANCED_DATAPATH,*', '*,True'];

/**
 * Read-only access to a bucket's objects (storage.objects.get, storage.objects.list), granted on
 * the bucket: https://cloud.google.com/storage/docs/access-control/iam-roles (Storage Object Viewer);
 * commands: `gcloud storage buckets add-iam-policy-binding` / `remove-iam-policy-binding`
 * (https://cloud.google.com/sdk/gcloud/reference/storage/buckets/add-iam-policy-binding).
 */
export const BUCKET_READER_ROLE = 'roles/storage.objectViewer';
