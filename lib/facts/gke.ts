/** Google Cloud / GKE network facts. */

/** Source ranges of Google Cloud health checks (load-balancing firewall rules). */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
/** Namespace of GKE's managed Prometheus collectors, and Ray's metrics export port. */
export const METRICS_NAMESPACE = 'gmp-system';

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
