/** How a planned deployment becomes the props of its RayLlmService (the one place that maps them). */
import { RayLlmServiceProps } from '../constructs/ray-llm-service';
import { ModelPlan, PlannedDeployment, PlannedModel } from '../plan/model-plan';
import { RAY_SERVICE_ACCOUNT } from '../facts/identity';
import { INITIALIZING_TIMEOUT_ANNOTATION } from '../facts/kuberay-upgrade';
import { initializingTimeoutValue } from '../plan/initializing-timeout';

export function rayLlmServiceProps(plan: ModelPlan, model: PlannedModel, deployment: PlannedDeployment): RayLlmServiceProps {
  return {
    name: deployment.name,
    namespace: model.namespace,
    modelId: model.id,
    source: deployment.source,
    accelerator: deployment.accelerator,
    rayAcceleratorType: deployment.rayAcceleratorType,
    gpusPerReplica: deployment.gpusPerReplica,
    minReplicas: deployment.minReplicas,
    maxReplicas: deployment.maxReplicas,
    engineKwargs: deployment.engineKwargs,
    lora: deployment.adapters.length > 0 && deployment.loraStoragePath
      ? { storagePath: deployment.loraStoragePath, maxAdaptersPerReplica: deployment.maxAdaptersPerReplica }
      : undefined,
    image: deployment.image,
    rayVersion: deployment.rayVersion,
    head: deployment.head,
    worker: deployment.worker,
    env: deployment.env,
    upgradeStrategy: deployment.upgradeStrategy,
    haProxy: deployment.haProxy,
    huggingFaceSecretName: plan.huggingFaceSecretName,
    huggingFaceSecretKey: plan.huggingFaceSecretKey,
    podSecurity: plan.podSecurity,
    requestTimeoutSeconds: model.timeoutSeconds,
    modelCache: deployment.modelCache ? { bucket: deployment.modelCache.bucket, folder: deployment.modelCache.folder } : undefined,
    serviceAccountName: RAY_SERVICE_ACCOUNT,
    ...(deployment.initializingTimeoutSeconds === undefined ? {} : {
      metadata: { annotations: { [INITIALIZING_TIMEOUT_ANNOTATION]: initializingTimeoutValue(deployment.initializingTimeoutSeconds) } },
    }),
  };
}
