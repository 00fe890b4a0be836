/**
 * What `minReplicas: 0` would do with this library's output, and why the planner refuses it
 * (lib/plan/scale-to-zero.ts). Read in the sources at the pinned versions:
 *
 * | fact | source |
 * |---|---|
 * | A worker group may have `minReplicas: 0` (the CRD default is 0); the in-tree autoscaler adds and removes workers | ray-project/kuberay@v1.5.0 `ray-operator/apis/ray/v1/raycluster_types.go` (WorkerGroupSpec.MinReplicas `+kubebuilder:default:=0`) |
 * | Serve autoscaling allows `min_replicas: 0`; `initial_replicas` defaults to `min_replicas`; `min_replicas` defaults to 1 | ray 2.54.0 and 2.60.0 (PyPI wheels) `ray/serve/config.py` `AutoscalingConfig` |
 * | A Serve replica reserves 1 CPU unless `ray_actor_options.num_cpus` says otherwise | same wheels, `ray/serve/_private/config.py` `ReplicaConfig` ("Set Serve replica defaults") |
 * | Ray Serve LLM's OpenAI ingress (`build_openai_app`) is its own deployment; its options set only `target_ongoing_requests`, so it keeps Serve's `min_replicas` 1 and 1 CPU | ray 2.54.0 `ray/llm/_internal/serve/core/ingress/ingress.py` `DEFAULT_INGRESS_OPTIONS`, `get_deployment_options`; `builder.py` (`ingress_deployment_config`) |
 * | From 2.55.0 the ingress gets `min_replicas` 0 when every model of the app has `min_replicas` 0 (absent in 2.54.0; present in 2.55.0, 2.56.0, 2.57.0, 2.58.0, 2.60.0) | those wheels' `ray/llm/_internal/serve/core/ingress/ingress.py` `_all_models_scale_to_zero`, `get_deployment_options` |
 * | The Ray head of every RayService has `num-cpus: 0` (no Serve replica runs there), so a 1-CPU ingress replica needs a worker: a GPU worker, the only worker group | lib/constructs/ray-llm-service.ts (`headGroupSpec.rayStartParams`) |
 * | With no replica, a request waits in the calling handle's queue (the proxy's, or the ingress's), which pushes its queue length to the Serve controller at once to scale from zero | ray 2.54.0 / 2.60.0 `ray/serve/_private/router.py` `wrap_queued_request`, `should_send_scaled_to_zero_optimized_push` |
 * | The Serve proxy on the head answers `/-/healthz` even when no replica runs ("all deployments have scaled to zero"), so the load balancer's health check (and KubeRay's serve label) keep the head as the Service's endpoint | ray 2.54.0 / 2.60.0 `ray/serve/_private/proxy_router.py` `ready_for_traffic(is_head)` |
 * | The ingress waits for the model's answer at most 600 s (`RAY_SERVE_LLM_ROUTER_HTTP_TIMEOUT`) | ray 2.54.0 / 2.60.0 `ray/llm/_internal/serve/constants.py` `DEFAULT_LLM_ROUTER_HTTP_TIMEOUT` |
 * | The load balancer cuts a request after the model's `timeoutSeconds` (GCPBackendPolicy `timeoutSec`, 600 s by default) | lib/list/model-spec.ts `timeoutSeconds`, lib/constructs/serve-backend-policy.ts |
 * | The GPU node pool's autoscaling minimum holds every model at maxReplicas (`--min-nodes` = the steady size) | lib/plan/node-pools.ts (`nodes`), lib/plan/cluster-steps.ts, lib/plan/cluster-targets.ts |
 * | A new GPU node's provisioning time (GKE scale-up, GPU driver) is not in the cold-start estimate | lib/facts/cold-start.ts |
 */

/** The first Ray version whose Serve LLM ingress scales to zero with its models (2.54.0 keeps one ingress replica). */
export const INGRESS_SCALES_TO_ZERO_FROM = '2.55.0';
/** Seconds Ray Serve LLM's ingress waits for a model's answer (RAY_SERVE_LLM_ROUTER_HTTP_TIMEOUT's default). */
export const SERVE_LLM_ROUTER_TIMEOUT_S = 600;
