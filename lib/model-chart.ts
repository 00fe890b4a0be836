/**
 * ModelChart: everything one model needs in the cluster — for the model and for its canary, if
 * any: a RayService, the health check and the backend timeout of its serve Service.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { deploymentsOf, ModelPlan, PlannedModel } from './model-plan';
import { RayLlmService } from './ray-llm-service';
import { ServeBackendPolicy } from './serve-backend-policy';
import { ServeHealthCheck } from './serve-health-check';

export interface ModelChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
}

export class ModelChart extends Chart {
  public readonly services: RayLlmService[] = [];

  constructor(scope: Construct, id: string, props: ModelChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan } = props;
    for (const deployment of deploymentsOf(props.model)) {
      const scopeId = deployment === props.model ? 'Model' : 'Canary';
      this.services.push(new RayLlmService(this, `${scopeId}RayService`, {
        model: deployment,
        namespace: plan.namespace,
        huggingFaceSecretName: plan.huggingFaceSecretName,
        huggingFaceSecretKey: plan.huggingFaceSecretKey,
      }));
      new ServeHealthCheck(this, `${scopeId}HealthCheck`, {
        name: deployment.healthCheckName,
        namespace: plan.namespace,
        serviceName: deployment.serveServiceName,
      });
      new ServeBackendPolicy(this, `${scopeId}BackendPolicy`, {
        name: deployment.backendPolicyName,
        namespace: plan.namespace,
        serviceName: deployment.serveServiceName,
        timeoutSeconds: deployment.timeoutSeconds,
      });
    }
  }
}
