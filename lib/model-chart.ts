/** ModelChart: everything one model needs in the cluster — its RayService and its health check. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelPlan, PlannedModel } from './model-plan';
import { RayLlmService } from './ray-llm-service';
import { ServeHealthCheck } from './serve-health-check';

export interface ModelChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
}

export class ModelChart extends Chart {
  public readonly service: RayLlmService;
  public readonly healthCheck: ServeHealthCheck;

  constructor(scope: Construct, id: string, props: ModelChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, model } = props;
    this.service = new RayLlmService(this, 'RayService', {
      model,
      namespace: plan.namespace,
      huggingFaceSecretName: plan.huggingFaceSecretName,
      huggingFaceSecretKey: plan.huggingFaceSecretKey,
    });
    this.healthCheck = new ServeHealthCheck(this, 'HealthCheck', {
      name: model.healthCheckName,
      namespace: plan.namespace,
      serviceName: model.serveServiceName,
    });
  }
}
