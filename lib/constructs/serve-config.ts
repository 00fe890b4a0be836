/**
 * The Ray Serve config (`serveConfigV2`) of one model: a typed object, turned into YAML by a
 * YAML library (never by string concatenation), through `serveYaml`, which writes the same text as
 * `stringify(value, { lineWidth: 0 })` faster and hands anything unusual to the `yaml` package.
 */
import { serveYaml } from './serve-config-yaml';
import { DEFAULT_TIMEOUT_SECONDS } from '../list/defaults';
import { SERVE_GRACEFUL_SHUTDOWN_WAIT_LOOP_S, SERVE_HEALTH_CHECK_PERIOD_S, SERVE_HEALTH_CHECK_TIMEOUT_S } from '../facts/serve-health';

/** Ray Serve LLM app entry point that serves an OpenAI-compatible API. */
export const OPENAI_APP_IMPORT_PATH = 'ray.serve.llm:build_openai_app';
/** Name of the Serve application in every RayService. */
export const SERVE_APP_NAME = 'llm_app';
/** Seconds between Ray Serve replica health checks (reason and source: lib/facts/serve-health.ts). */
export const HEALTH_CHECK_PERIOD_S = SERVE_HEALTH_CHECK_PERIOD_S;
/** Seconds a replica health check may take (lib/facts/serve-health.ts). */
export const HEALTH_CHECK_TIMEOUT_S = SERVE_HEALTH_CHECK_TIMEOUT_S;

/** One entry of `llm_configs` (Ray Serve LLM's LLMConfig, the fields this library sets). */
export interface LlmConfig {
  model_loading_config: { model_id: string; model_source: string };
  accelerator_type: string;
  log_engine_metrics: boolean;
  deployment_config: {
    autoscaling_config: { min_replicas: number; max_replicas: number };
    health_check_period_s: number;
    health_check_timeout_s: number;
    graceful_shutdown_timeout_s: number;
    graceful_shutdown_wait_loop_s: number;
  };
  engine_kwargs?: Record<string, unknown>;
  lora_config?: { dynamic_lora_loading_path: string; max_num_adapters_per_replica: number };
}

/** The serveConfigV2 document. */
export interface ServeConfig {
  applications: {
    name: string;
    route_prefix: string;
    import_path: string;
    args: { llm_configs: LlmConfig[] };
  }[];
}

/** What the Serve config of one model is made of. */
export interface ServeConfigProps {
  /** The OpenAI model name clients send. */
  readonly modelId: string;
  /** Where the weights come from (Hugging Face repo id, `gs://` or `s3://` path). */
  readonly source: string;
  /** Ray's accelerator_type (e.g. `L4`). */
  readonly rayAcceleratorType: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * vLLM engine arguments (`engine_kwargs`).
   * @default none written
   */
  readonly engineKwargs?: Readonly<Record<string, unknown>>;
  /**
   * LoRA adapters loaded at request time from a storage path.
   * @default no lora_config
   */
  readonly lora?: { readonly storagePath: string; readonly maxAdaptersPerReplica: number };
  /**
   * Seconds a stopping replica waits for its requests (Serve's graceful_shutdown_timeout_s).
   * @default 600 (the model list's timeoutSeconds default)
   */
  readonly gracefulShutdownTimeoutSeconds?: number;
}

/** The typed Serve config of a model. */
export function serveConfig(model: ServeConfigProps): ServeConfig {
  const llmConfig: LlmConfig = {
    model_loading_config: { model_id: model.modelId, model_source: model.source },
    accelerator_type: model.rayAcceleratorType,
    log_engine_metrics: true,
    deployment_config: {
      autoscaling_config: { min_replicas: model.minReplicas, max_replicas: model.maxReplicas },
      health_check_period_s: HEALTH_CHECK_PERIOD_S,
      health_check_timeout_s: HEALTH_CHECK_TIMEOUT_S,
      graceful_shutdown_timeout_s: model.gracefulShutdownTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      graceful_shutdown_wait_loop_s: SERVE_GRACEFUL_SHUTDOWN_WAIT_LOOP_S,
    },
  };
  const engineKwargs = model.engineKwargs ?? {};
  if (Object.keys(engineKwargs).length > 0) llmConfig.engine_kwargs = { ...engineKwargs };
  if (model.lora) {
    llmConfig.lora_config = {
      dynamic_lora_loading_path: model.lora.storagePath,
      max_num_adapters_per_replica: model.lora.maxAdaptersPerReplica,
    };
  }
  return {
    applications: [
      { name: SERVE_APP_NAME, route_prefix: '/', import_path: OPENAI_APP_IMPORT_PATH, args: { llm_configs: [llmConfig] } },
    ],
  };
}

/** The Serve config as the YAML string KubeRay expects in `spec.serveConfigV2`. */
export function serveConfigYaml(model: ServeConfigProps): string {
  return serveYaml(serveConfig(model));
}
