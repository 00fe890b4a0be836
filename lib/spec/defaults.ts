/** Defaults of the model list (the seed's values). */
import { PodResources } from '../plan/model-plan';

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
export const DEFAULT_HEAD: PodResources = { cpu: '2', memory: '8Gi', ephemeralStorage: '32Gi' };
/** Worker CPU and memory per GPU; ephemeral storage per pod. */
export const DEFAULT_WORKER_PER_GPU = { cpu: 6, memoryGi: 24, ephemeralStorage: '24Gi' };
/** Backend timeout: long enough for a long streamed generation (GKE's own default is 30 s). */
export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_MAX_ADAPTERS_PER_REPLICA = 16;
export const DEFAULT_PROXY_SUBNET_RANGE = '192.168.10.0/24';
/**
 * Namespace of the KubeRay operator pods (see SecuritySpec.operatorNamespace): GKE's Ray
 * Operator add-on, which scripts/cluster.sh enables, runs Google-managed components in
 * kube-system. Google's add-on docs do not name it; check with
 * `kubectl get pods -A -l app.kubernetes.io/component=kuberay-operator`.
 */
export const DEFAULT_OPERATOR_NAMESPACE = 'kube-system';
