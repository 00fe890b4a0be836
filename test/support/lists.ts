/** Model lists the tests share. */
import { ModelListSpec } from '../../lib';

/** A list that exercises every optional field. */
export const RICH_LIST: ModelListSpec = {
  namespace: 'llm',
  gateway: { name: 'llm-gateway', className: 'gke-l7-regional-external-managed', routeName: 'llm-route' },
  huggingFaceSecret: { name: 'hf-token', key: 'token' },
  models: [
    { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
    {
      id: 'Llama-3.1-70B-Instruct',
      source: 'meta-llama/Llama-3.1-70B-Instruct',
      name: 'llama-70b',
      accelerator: 'nvidia-h100-80gb',
      gpusPerReplica: 4,
      minReplicas: 1,
      maxReplicas: 3,
      engineKwargs: { max_model_len: 8192, gpu_memory_utilization: 0.9 },
      image: 'rayproject/ray-llm:2.54.0-py311-cu128',
      rayVersion: '2.54.0',
      head: { cpu: '4', memory: '16Gi', ephemeralStorage: '64Gi' },
      worker: { cpu: '40', memory: '400Gi', ephemeralStorage: '500Gi' },
      env: { VLLM_LOGGING_LEVEL: 'DEBUG' },
    },
    { id: 'mistral-7b', source: 'mistralai/Mistral-7B-Instruct-v0.3', accelerator: 'nvidia-tesla-a100', minReplicas: 1, maxReplicas: 4 },
  ],
};

/** A list of `count` models `model-0`..: plain L4 models. */
export function manyModels(count: number, extra: (i: number) => Record<string, unknown> = () => ({})): ModelListSpec {
  return { models: Array.from({ length: count }, (_, i) => ({ id: `model-${i}`, source: `org/model-${i}`, ...extra(i) })) };
}
