/**
 * Upper bounds of the numbers in a model list that become machines, GPUs or time. They catch a
 * typo (`maxReplicas: 100000000` would ask GKE for a hundred million GPU nodes) before anything
 * reaches gcloud; each says why it is where it is.
 */

/**
 * Replicas of one model: each replica takes at least one GPU node, and a GKE node pool holds at
 * most 1,000 nodes per zone (GKE quotas and limits, https://cloud.google.com/kubernetes-engine/quotas,
 * "Nodes per node pool zone").
 */
export const MAX_REPLICAS = 1000;

/**
 * Nodes of the GPU node pool scripts/cluster.sh creates for one accelerator (all its models'
 * maxReplicas together): a GKE Standard cluster holds at most 15,000 nodes (same page, "Nodes per
 * GKE Standard cluster"). Above 1,000 per zone the pool also needs a regional LOCATION or a quota
 * GKE grants on request; this bound only stops numbers no cluster can hold.
 */
export const MAX_NODES_PER_POOL = 15000;

/**
 * GPUs of one replica: a replica runs on one node, and the largest GKE GPU machine type has
 * 16 GPUs (a2-megagpu-16g). The accelerator table narrows it further per accelerator.
 */
export const MAX_GPUS_PER_REPLICA = 16;

/**
 * LoRA adapters one replica keeps loaded (Ray Serve LLM `max_num_adapters_per_replica`,
 * default 16). Every slot reserves GPU memory in the engine; a few hundred already exceeds
 * what one node's GPUs hold, so more is a typo.
 */
export const MAX_ADAPTERS_PER_REPLICA = 256;

/**
 * Adapters one model lists: each is a line of the router's ConfigMap (1 MiB at most in
 * Kubernetes) and a name clients can send.
 */
export const MAX_ADAPTERS = 1000;

/** Longest backend timeout accepted: one day (a request held longer is a stuck request). */
export const MAX_TIMEOUT_SECONDS = 86400;

/**
 * Largest model list file read: 4 MiB. A list of 1,000 models is about 150 KB; the cap keeps a
 * wrong file (a dump, /dev/zero) from being read into memory at all (checked before reading).
 */
export const MAX_MODEL_LIST_BYTES = 4 * 1024 * 1024;

/**
 * Aliases (`*name`) the YAML loader expands before it gives up: a handful are normal, an
 * "alias bomb" (aliases of aliases) multiplies memory exponentially. The `yaml` library's own
 * default (`maxAliasCount`) is 100.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * Most data a ConfigMap holds: "The data stored in a ConfigMap cannot exceed 1 MiB"
 * (https://kubernetes.io/docs/concepts/configuration/configmap/). The GET /v1/models responder's
 * config holds every listed name three times (lib/plan/model-list-plan.ts checks its size).
 */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
