/** Google Cloud / GKE network facts. */

/** Source ranges of Google Cloud health checks (load-balancing firewall rules). */
export const HEALTH_CHECK_RANGES = ['35.191.0.0/16', '130.211.0.0/22'];
/** Namespace of GKE's managed Prometheus collectors, and Ray's metrics export port. */
export const METRICS_NAMESPACE = 'gmp-system';
