/**
 * ModelChart: everything one model needs in its namespace — for the model and for its canary, if
 * any: a RayService, the NetworkPolicy fencing its Ray cluster, the health check and the backend
 * timeout of its serve Service; and, when the
 * model lives outside the Gateway's namespace, the ReferenceGrant that lets the routes reach it.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { deploymentsOf, ModelPlan, PlannedModel } from './model-plan';
import { RAY_SERVICE_POD_LABEL, RayLlmService } from './ray-llm-service';
import { RayNetworkPolicy } from './ray-network-policy';
import { RouteGrant } from './route-grant';
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
    const { plan, model } = props;
    const deployments = deploymentsOf(model);
    for (const deployment of deployments) {
      const scopeId = deployment === model ? 'Model' : 'Canary';
      this.services.push(new RayLlmService(this, `${scopeId}RayService`, {
        model: deployment,
        namespace: deployment.namespace,
        huggingFaceSecretName: plan.huggingFaceSecretName,
        huggingFaceSecretKey: plan.huggingFaceSecretKey,
        podSecurity: plan.podSecurity,
      }));
      if (plan.networkPolicies) {
        new RayNetworkPolicy(this, `${scopeId}NetworkPolicy`, {
          name: deployment.networkPolicyName,
          namespace: deployment.namespace,
          podLabels: { [RAY_SERVICE_POD_LABEL]: deployment.name },
          proxySubnetRange: plan.proxySubnetRange,
        });
      }
      new ServeHealthCheck(this, `${scopeId}HealthCheck`, {
        name: deployment.healthCheckName,
        namespace: deployment.namespace,
        serviceName: deployment.serveServiceName,
      });
      new ServeBackendPolicy(this, `${scopeId}BackendPolicy`, {
        name: deployment.backendPolicyName,
        namespace: deployment.namespace,
        serviceName: deployment.serveServiceName,
        timeoutSeconds: deployment.timeoutSeconds,
      });
    }
    if (model.namespace !== plan.namespace) {
      new RouteGrant(this, 'RouteGrant', {
        name: model.routeGrantName,
        namespace: model.namespace,
        routeNamespace: plan.namespace,
        serviceNames: deployments.map((d) => d.serveServiceName),
      });
    }
  }
}
