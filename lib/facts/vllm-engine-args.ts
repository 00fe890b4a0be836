/**
 * The engine_kwargs keys Ray Serve LLM accepts on the default image (rayproject/ray-llm:2.54.0).
 *
 * Ray Serve LLM splits `engine_kwargs` into vLLM's frontend and engine arguments and raises
 * `ValueError("Unknown engine argument: <key>")` for any key that is a field of neither
 * `FrontendArgs` nor `AsyncEngineArgs` (ray-project/ray `python/ray/llm/_internal/serve/.../vllm/
 * vllm_models.py`, `VLLMEngineConfig.from_llm_config`). That happens only when Serve deploys the
 * replica on the cluster, so the library checks the keys at synth time against this table.
 *
 * Version: vLLM 0.15, inferred from the history of ray-project/ray `python/setup.py` (the `llm`
 * extra): "[deps] Vllm 0.15.0 upgrade (#60679)" on 2026-02-03, then "Upgrade to vLLM 0.16.0
 * (#61389)" on 2026-03-04; Ray 2.54 was cut between the two (not read from the 2.54 tag itself).
 * Fields of vLLM 0.15's dataclasses:
 * - `EngineArgs` / `AsyncEngineArgs` in vllm-project/vllm `vllm/engine/arg_utils.py`;
 * - `FrontendArgs` (with its base class) in `vllm/entrypoints/openai/cli_args.py`.
 * The exact v0.15.0 files could not be read where this table was written; it was compiled from
 * the upstream files of neighbouring versions, keeping the fields that exist across them. A key
 * missing here can still be used with the model's `allowUnknownEngineKwargs: <reason>`.
 */

/** vLLM version the table is for (the one in Ray 2.54's ray-llm image). */
export const VLLM_VERSION = '0.15';

/** Fields of `EngineArgs` and `AsyncEngineArgs`. */
const ENGINE_ARGS = [
  // model
  'model', 'served_model_name', 'tokenizer', 'hf_config_path', 'runner', 'convert', 'skip_tokenizer_init',
  'enable_prompt_embeds', 'tokenizer_mode', 'trust_remote_code', 'allowed_local_media_path', 'allowed_media_domains',
  'download_dir', 'safetensors_load_strategy', 'load_format', 'config_format', 'dtype', 'kv_cache_dtype', 'seed',
  'max_model_len', 'revision', 'code_revision', 'tokenizer_revision', 'hf_token', 'hf_overrides', 'quantization',
  'enforce_eager', 'max_logprobs', 'logprobs_mode', 'disable_sliding_window', 'disable_cascade_attn',
  'generation_config', 'override_generation_config', 'enable_sleep_mode', 'model_impl', 'override_attention_dtype',
  'logits_processor_pattern', 'logits_processors', 'pooler_config',
  // parallelism
  'distributed_executor_backend', 'pipeline_parallel_size', 'tensor_parallel_size', 'data_parallel_size',
  'data_parallel_rank', 'data_parallel_start_rank', 'data_parallel_size_local', 'data_parallel_address',
  'data_parallel_rpc_port', 'data_parallel_hybrid_lb', 'data_parallel_external_lb', 'data_parallel_backend',
  'decode_context_parallel_size', 'dcp_kv_cache_interleave_size', 'enable_expert_parallel', 'all2all_backend',
  'enable_dbo', 'dbo_decode_token_threshold', 'dbo_prefill_token_threshold', 'disable_nccl_for_dp_synchronization',
  'enable_eplb', 'eplb_config', 'expert_placement_strategy', 'max_parallel_loading_workers', 'ray_workers_use_nsight',
  'disable_custom_all_reduce', 'worker_cls', 'worker_extension_cls', 'master_addr', 'master_port', 'nnodes', 'node_rank',
  // cache
  'block_size', 'enable_prefix_caching', 'prefix_caching_hash_algo', 'swap_space', 'cpu_offload_gb',
  'gpu_memory_utilization', 'kv_cache_memory_bytes', 'num_gpu_blocks_override', 'calculate_kv_scales',
  'mamba_cache_dtype', 'mamba_ssm_cache_dtype', 'mamba_block_size', 'kv_sharing_fast_prefill',
  'kv_offloading_size', 'kv_offloading_backend',
  // scheduler
  'max_num_batched_tokens', 'max_num_partial_prefills', 'max_long_partial_prefills', 'long_prefill_token_threshold',
  'max_num_seqs', 'enable_chunked_prefill', 'disable_chunked_mm_input', 'disable_hybrid_kv_cache_manager',
  'scheduling_policy', 'scheduler_cls', 'async_scheduling', 'stream_interval', 'num_lookahead_slots',
  // multimodal
  'limit_mm_per_prompt', 'enable_mm_embeds', 'interleave_mm_strings', 'media_io_kwargs', 'mm_processor_kwargs',
  'mm_processor_cache_gb', 'mm_processor_cache_type', 'mm_shm_cache_max_object_size_mb', 'mm_encoder_tp_mode',
  'mm_encoder_attn_backend', 'io_processor_plugin', 'skip_mm_profiling', 'video_pruning_rate',
  // LoRA
  'enable_lora', 'max_loras', 'max_lora_rank', 'default_mm_loras', 'fully_sharded_loras', 'max_cpu_loras', 'lora_dtype',
  // loading
  'model_loader_extra_config', 'ignore_patterns', 'use_tqdm_on_load', 'pt_load_map_location',
  // structured outputs, speculative decoding, transfer
  'structured_outputs_config', 'reasoning_parser', 'reasoning_parser_plugin', 'speculative_config',
  'kv_transfer_config', 'kv_events_config', 'ec_transfer_config',
  // observability
  'disable_log_stats', 'aggregate_engine_logging', 'show_hidden_metrics_for_version', 'otlp_traces_endpoint',
  'collect_detailed_traces', 'kv_cache_metrics', 'kv_cache_metrics_sample', 'cudagraph_metrics',
  // compilation, attention
  'compilation_config', 'cudagraph_capture_sizes', 'max_cudagraph_capture_size', 'optimization_level',
  'attention_backend', 'attention_config', 'additional_config',
  // AsyncEngineArgs (its old `disable_log_requests` is gone: Ray Serve LLM itself sets `enable_log_requests`)
  'enable_log_requests',
];

/** Fields of `FrontendArgs` (the OpenAI-compatible server's arguments). */
const FRONTEND_ARGS = [
  'host', 'port', 'uds', 'uvicorn_log_level', 'disable_uvicorn_access_log', 'allow_credentials', 'allowed_origins',
  'allowed_methods', 'allowed_headers', 'api_key', 'lora_modules', 'chat_template', 'chat_template_content_format',
  'trust_request_chat_template', 'default_chat_template_kwargs', 'response_role', 'ssl_keyfile', 'ssl_certfile',
  'ssl_ca_certs', 'enable_ssl_refresh', 'ssl_cert_reqs', 'root_path', 'middleware', 'return_tokens_as_token_ids',
  'disable_frontend_multiprocessing', 'enable_request_id_headers', 'enable_auto_tool_choice',
  'exclude_tools_when_tool_choice_none', 'tool_call_parser', 'tool_parser_plugin', 'tool_server', 'log_config_file',
  'max_log_len', 'disable_fastapi_docs', 'enable_prompt_tokens_details', 'enable_server_load_tracking',
  'enable_force_include_usage', 'enable_tokenizer_info_endpoint', 'enable_log_outputs', 'h11_max_incomplete_event_size',
  'h11_max_header_count', 'log_error_stack', 'tokens_only',
];

/** Every key Ray Serve LLM passes on to vLLM 0.15 without an "Unknown engine argument" error. */
export const VLLM_ENGINE_ARGS: ReadonlySet<string> = new Set([...ENGINE_ARGS, ...FRONTEND_ARGS]);

/**
 * Keys Ray Serve LLM or this library set from other fields of the model; giving them in
 * engineKwargs is an error naming the field to use instead.
 * - `model`: Ray Serve LLM passes `model_loading_config.model_source` (our `source`).
 * - `served_model_name`: Ray Serve LLM serves the model under `model_id` (our `id`).
 * - `distributed_executor_backend`: Ray Serve LLM only allows `ray` and sets it itself.
 */
export const ENGINE_KWARGS_SET_ELSEWHERE: Readonly<Record<string, string>> = {
  model: 'Ray Serve LLM loads the model from the model\'s `source`; set source instead',
  served_model_name: 'Ray Serve LLM serves the model under its `id`; set id (or aliases) instead',
  distributed_executor_backend: 'Ray Serve LLM sets it to "ray" itself',
};
