/**
 * FrontEndChart: what the load balancer needs to reach a model, beside the Gateway: for each
 * deployment the health check and backend timeout of its serve Service (in a fleet, of the
 * ServiceImport), and the ReferenceGrant that lets the Gateway's routes reach the model from
 * another namespace.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelPlan, PlannedModel } from '../plan/model-plan';
import { backendKindOf } from '../plan/route-plan';
import { RouteGrant } from '../constructs/route-grant';
import { ServeBackendPolicy } from '../constructs/serve-backend-policy';
import { ServeHealthCheck } from '../constructs/serve-health-check';
import { ServeBackend } from '../constructs/ray-llm-service-props';

export interface FrontEndChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
}

export class FrontEndChart extends Chart {
  constructor(scope: Construct, id: string, props: FrontEndChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, model } = props;
    const targetKind = backendKindOf(plan);
    for (const deployment of model.deployments) {
      const scopeId = deployment.role === 'stable' ? 'Model' : 'Canary';
      // The RayService is in another chart (in a fleet, another cluster): refer to its serve Service by name.
      const service = ServeBackend.fromName(deployment.serveServiceName, { namespace: model.namespace, kind: targetKind });
      new ServeHealthCheck(this, `${scopeId}HealthCheck`, { name: deployment.healthCheckName, namespace: model.namespace, service });
      new ServeBackendPolicy(this, `${scopeId}BackendPolicy`, {
        name: deployment.backendPolicyName,
        namespace: model.namespace,
        service,
        timeoutSeconds: model.timeoutSeconds,
      });
    }
    if (model.namespace !== plan.namespace) {
      new RouteGrant(this, 'RouteGrant', {
        name: model.routeGrantName,
        namespace: model.namespace,
        routeNamespace: plan.namespace,
        serviceNames: model.deployments.map((d) => d.serveServiceName),
        backendKind: targetKind,
      });
    }
  }
}
