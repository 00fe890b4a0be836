/** Defaults of the model list (the seed's values). */
import { KUBERAY_OPERATOR_NAMESPACE } from '../facts/ray';

/** Resources of one Ray pod. */
export interface PodResourceDefaults {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_GATEWAY_NAME = 'ray-multi-model-gateway';
export const DEFAULT_GATEWAY_CLASS = 'gke-l7-rilb';
export const DEFAULT_ROUTE_NAME = 'ray-multi-model-route';
export const DEFAULT_HF_SECRET_NAME = 'hf-secret';
export const DEFAULT_HF_SECRET_KEY = 'hf_api_token';
export const DEFAULT_ACCELERATOR = 'nvidia-l4';
export const DEFAULT_GPUS_PER_REPLICA = 1;
export const DEFAULT_MIN_REPLICAS = 2;
export const DEFAULT_MAX_REPLICAS = 2;
export const DEFAULT_IMAGE = 'rayproject/ray-llm:2.54.0-py311-cu128';
export const DEFAULT_RAY_VERSION = '2.54.0';
export const DEFAULT_HEAD: PodResourceDefaults = { cpu: '2', memory: '8Gi', ephemeralStorage: '32Gi' };
/** Worker CPU and memory per GPU; ephemeral storage per pod. */
export const DEFAULT_WORKER_PER_GPU = { cpu: 6, memoryGi: 24, ephemeralStorage: '24Gi' };
/** Backend timeout: long enough for a long streamed generation (GKE's own default is 30 s). */
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_MAX_ADAPTERS_PER_REPLICA = 16;
export const DEFAULT_PROXY_SUBNET_RANGE = '192.168.10.0/24';
/** See KUBERAY_OPERATOR_NAMESPACE. */
export const DEFAULT_OPERATOR_NAMESPACE = KUBERAY_OPERATOR_NAMESPACE;
