/**
 * Limits of the programs that run what synth writes, which the API server does not check when it
 * accepts an object: vLLM's, Ray's images', and the size kubectl and the API server can store.
 */

/**
 * vLLM's `gpu_memory_utilization` lies in (0, 1]: vllm-project/vllm vllm/config/cache.py
 * `CacheConfig.gpu_memory_utilization: float = Field(default=0.9, gt=0, le=1)`; the engine refuses
 * any other value when the replica starts.
 */
export const GPU_MEMORY_UTILIZATION_RANGE = { exclusiveMinimum: 0, maximum: 1 } as const;

/**
 * The repository name of Ray's Serve LLM images (rayproject/ray-llm: Ray with Ray Serve LLM and
 * vLLM). rayproject/ray has no vLLM: `ray.serve.llm:build_openai_app` fails to import there. Their
 * tags start with the Ray version (`2.54.0-py311-cu128`).
 */
export const RAY_LLM_IMAGE_REPOSITORY = 'ray-llm';

/**
 * The annotation client-side `kubectl apply` stores the whole object in (as JSON).
 * kubernetes/kubernetes@v1.32.13 staging/src/k8s.io/api/core/v1/annotation_key_constants.go (LastAppliedConfigAnnotation).
 */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * All annotations of one object together (keys and values) may hold at most 256 KiB:
 * kubernetes/kubernetes@v1.32.13 staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * `TotalAnnotationSizeLimitB int = 256 * (1 << 10)` ("metadata.annotations: Too long").
 */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/**
 * The API server decodes a write request body of at most 3 MiB:
 * kubernetes/kubernetes@v1.32.13 staging/src/k8s.io/apiserver/pkg/server/config.go NewConfig
 * `MaxRequestBodyBytes: int64(3 * 1024 * 1024)` (twice etcd's recommended 1.5 MiB request).
 */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
