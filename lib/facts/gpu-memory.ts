/**
 * What a model needs of its GPUs: GPU memory per accelerator, vLLM's share of it, and the sizes of
 * well-known models (weights and KV cache per token).
 */

/**
 * GPU memory per accelerator (GB as NVIDIA states it; 1 GB = 10^9 bytes): L4 24 GB, T4 16 GB,
 * A100 40 GB / 80 GB, H100 80 GB, H200 141 GB. Source: GKE "About GPUs in GKE" GPU table,
 * https://cloud.google.com/compute/docs/gpus (GPU memory column), read 2026-12.
 */
export const GPU_MEMORY_BYTES: Readonly<Record<string, number>> = {
  'nvidia-l4': 24e9,
  'nvidia-tesla-t4': 16e9,
  'nvidia-tesla-a100': 40e9,
  'nvidia-a100-80gb': 80e9,
  'nvidia-h100-80gb': 80e9,
  'nvidia-h100-mega-80gb': 80e9,
  'nvidia-h200-141gb': 141e9,
};

/**
 * vLLM's default `gpu_memory_utilization` (fraction of each GPU the engine may use for weights,
 * activations and KV cache): 0.9. Source: vllm-project/vllm `vllm/engine/arg_utils.py`
 * (`EngineArgs.gpu_memory_utilization`) and the engine-args docs,
 * https://docs.vllm.ai/en/latest/configuration/engine_args.html.
 */
export const VLLM_GPU_MEMORY_UTILIZATION = 0.9;

/** Bytes per parameter (and per KV-cache element) by dtype / quantization. */
export const BYTES_PER_PARAMETER: Readonly<Record<string, number>> = {
  float32: 4, bfloat16: 2, float16: 2, half: 2, auto: 2, fp8: 1, int8: 1, awq: 0.5, gptq: 0.5, int4: 0.5,
};

/** A model's size: parameters (billions), its dtype, and, where known, what sets its KV cache. */
export interface ModelSize {
  readonly parametersBillions: number;
  readonly dtype: string;
  /** Context length of the model's config (`max_position_embeddings`), used when no max_model_len is set. */
  readonly contextLength?: number;
  readonly layers?: number;
  readonly kvHeads?: number;
  readonly headDim?: number;
}

/**
 * Well-known Hugging Face repositories (lower-case) and their sizes, from each repository's
 * config.json (`num_hidden_layers`, `num_key_value_heads`, `head_dim` or hidden_size /
 * num_attention_heads, `max_position_embeddings`, `torch_dtype`) and model card (parameters),
 * https://huggingface.co/<repository>/blob/main/config.json, read 2026-12 (from memory of those
 * files where the site was not reachable from here: treat as estimates and give `parameters`
 * in the list to override).
 */
export const KNOWN_MODELS: Readonly<Record<string, ModelSize>> = {
  'google/gemma-2b-it': { parametersBillions: 2.5, dtype: 'bfloat16', contextLength: 8192, layers: 18, kvHeads: 1, headDim: 256 },
  'google/gemma-7b-it': { parametersBillions: 8.5, dtype: 'bfloat16', contextLength: 8192, layers: 28, kvHeads: 16, headDim: 256 },
  'qwen/qwen2.5-3b': { parametersBillions: 3.1, dtype: 'bfloat16', contextLength: 32768, layers: 36, kvHeads: 2, headDim: 128 },
  'qwen/qwen2.5-7b-instruct': { parametersBillions: 7.6, dtype: 'bfloat16', contextLength: 32768, layers: 28, kvHeads: 4, headDim: 128 },
  'meta-llama/llama-3.1-8b-instruct': { parametersBillions: 8.0, dtype: 'bfloat16', contextLength: 131072, layers: 32, kvHeads: 8, headDim: 128 },
  'meta-llama/meta-llama-3.1-8b-instruct': { parametersBillions: 8.0, dtype: 'bfloat16', contextLength: 131072, layers: 32, kvHeads: 8, headDim: 128 },
  'meta-llama/llama-3.1-70b-instruct': { parametersBillions: 70.6, dtype: 'bfloat16', contextLength: 131072, layers: 80, kvHeads: 8, headDim: 128 },
  'meta-llama/llama-3.3-70b-instruct': { parametersBillions: 70.6, dtype: 'bfloat16', contextLength: 131072, layers: 80, kvHeads: 8, headDim: 128 },
  'mistralai/mistral-7b-instruct-v0.3': { parametersBillions: 7.2, dtype: 'bfloat16', contextLength: 32768, layers: 32, kvHeads: 8, headDim: 128 },
};
