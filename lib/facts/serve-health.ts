/**
 * Health and shutdown settings of a model, sized so that a loading replica is neither killed nor
 * sent traffic, and a streamed answer can finish on scale-down and upgrade. Each value with its
 * reason and source (docs/cold-start.md).
 *
 * | Setting | Value | Reason | Source |
 * |---|---|---|---|
 * | Serve `health_check_period_s` | 30 | Serve checks a replica only once its constructor (the model load) returned, so loading is never health-checked; 30 s finds a dead engine within ~90 s (3 misses) instead of the seed's up to 45 min (600 s x 3 + timeout) | ray-project/ray python/ray/serve/_private/deployment_state.py `_check_and_update_replicas` (check_health only for replicas in ReplicaState.RUNNING); constants.py: DEFAULT_HEALTH_CHECK_PERIOD_S = 10, REPLICA_HEALTH_CHECK_UNHEALTHY_THRESHOLD = 3 |
 * | Serve `health_check_timeout_s` | 60 | twice Serve's default (30): an engine busy with long prefills answers its check late, which must not count as dead | same file: DEFAULT_HEALTH_CHECK_TIMEOUT_S = 30 |
 * | Serve `graceful_shutdown_timeout_s` | the model's timeoutSeconds | a replica being stopped (scale-down, upgrade) waits this long for its running requests: as long as the load balancer lets a streamed answer run (GCPBackendPolicy timeoutSec) | same file: DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT_S = 20 |
 * | Serve `graceful_shutdown_wait_loop_s` | 2 | Serve's default: how often the stopping replica checks whether requests remain; written out so the config is complete | same file: DEFAULT_GRACEFUL_SHUTDOWN_WAIT_LOOP_S = 2 |
 * | pod `terminationGracePeriodSeconds` | timeoutSeconds + 30 | Kubernetes' default is 30 s: a deleted worker pod would be killed mid-stream; the 30 s more cover Ray's own stop after the drain | Kubernetes PodSpec terminationGracePeriodSeconds (default 30) |
 * | RayService `rayClusterDeletionDelaySeconds` | timeoutSeconds | after a NewCluster upgrade KubeRay deletes the old Ray cluster this long after switching the serve Service (KubeRay's default 60 s, not re-read here): streams still on the old cluster get the model's whole timeout | RayService CRD field spec.rayClusterDeletionDelaySeconds (../shared/crds) |
 * | HealthCheckPolicy | 5 s interval, 5 s timeout, 2 healthy, 2 unhealthy (unchanged) | the load balancer probes Serve's proxy (`/-/healthz` on 8000), which only routes to RUNNING replicas, so a loading replica gets no traffic; KubeRay puts a pod behind the serve Service only once its proxy is healthy | lib/constructs/serve-health-check.ts; Ray Serve proxy health (constants PROXY_HEALTH_CHECK_*) |
 */

/*
 * Loading is bounded elsewhere: a replica whose constructor fails (e.g. weights not there yet) is
 * retried, and the deployment fails after MAX_DEPLOYMENT_CONSTRUCTOR_RETRY_COUNT = 20 (constants.py),
 * which is why scripts/cluster.sh fills the model cache before it applies the RayServices.
 */
export const SERVE_HEALTH_CHECK_PERIOD_S = 30;
export const SERVE_HEALTH_CHECK_TIMEOUT_S = 60;
export const SERVE_GRACEFUL_SHUTDOWN_WAIT_LOOP_S = 2;
/** Seconds a pod gets beyond the model's timeout before Kubernetes kills it. */
export const TERMINATION_GRACE_MARGIN_S = 30;
