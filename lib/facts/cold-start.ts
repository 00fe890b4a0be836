/**
 * Assumptions of the cold-start estimate (lib/plan/cold-start.ts). ESTIMATES, not measurements:
 * nothing here was timed on a cluster; sizes not confirmed from a registry or the Hub are marked.
 */

/** Compressed size of known images, GB. */
export const IMAGE_SIZES_GB: Readonly<Record<string, { gb: number; note: string }>> = {
  'rayproject/ray-llm:2.54.0-py311-cu128': { gb: 11, note: 'estimate: Ray LLM CUDA 12.8 images are 10-12 GB compressed; not read from Docker Hub here' },
};

/** Size of the weights vLLM loads (safetensors, config, tokenizer) of known Hugging Face repositories, GB. */
export const WEIGHTS_SIZES_GB: Readonly<Record<string, { gb: number; note: string }>> = {
  'google/gemma-2b-it': { gb: 5.0, note: 'estimate: 2.5 B parameters in bfloat16 (2 bytes each); the repository also holds a GGUF the fill skips' },
  'Qwen/Qwen2.5-3B': { gb: 6.2, note: 'estimate: 3.1 B parameters in bfloat16 (2 bytes each)' },
};

/** Bytes per parameter of bfloat16 weights, for a size read from a model name (e.g. "-7b"). */
export const BF16_BYTES_PER_PARAMETER = 2;

/** Throughputs, MB/s (estimates). */
export const THROUGHPUT_MB_S = {
  /** Pull and unpack of a ~10 GB image from Docker Hub on a fresh node (unpacking dominates). */
  imagePull: 100,
  /** One pod downloading from the Hugging Face Hub over the internet (vLLM downloads shard after shard). */
  huggingFaceHub: 100,
  /**
   * Cloud Storage in the same region through gcsfuse with parallel downloads into the file cache
   * (16 workers per file); g2-standard-8 has 16 Gbps of network (2000 MB/s) as the ceiling.
   */
  bucketFuse: 600,
} as const;

/** Seconds from the weights on disk to a serving replica (vLLM load to GPU, CUDA graph capture, Serve start). */
export const ENGINE_START_S = 90;
/** Seconds of a streamed image start (GKE image streaming from Artifact Registry: the container starts before the whole image is there). */
export const IMAGE_STREAMING_START_S = 30;
