/**
 * ModelChart: what one model needs in its namespace. Its workloads, for the model and its canary:
 * a RayService and the NetworkPolicy fencing its Ray cluster (and, in a fleet, the ServiceExport
 * of its serve Service). Its front end: the health check and backend timeout of the serve Service
 * (or, in a fleet, of the ServiceImport), and the ReferenceGrant that lets the Gateway's routes
 * reach it from another namespace. With one cluster a chart holds both; in a fleet the workloads
 * go to each cluster running the model and the front end to the config cluster.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelPlan, PlannedCluster, PlannedModel } from '../plan/model-plan';
import { RayLlmService } from '../constructs/ray-llm-service';
import { rayLlmServiceProps } from './ray-service-props';
import { RayNetworkPolicy } from '../constructs/ray-network-policy';
import { RayEgressPolicy } from '../constructs/ray-egress-policy';
import { egressPolicyName } from '../plan/names';
import { backendKindOf } from '../plan/route-plan';
import { RouteGrant } from '../constructs/route-grant';
import { ServeBackendPolicy } from '../constructs/serve-backend-policy';
import { ServeHealthCheck } from '../constructs/serve-health-check';
import { ServiceExport } from '../constructs/service-export';
import { RAY_SERVICE_POD_LABEL } from '../facts/ray';

export interface ModelChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
  /**
   * The fleet cluster this chart is for: its workloads export their Services and admit its
   * region's proxy-only subnet.
   * @default none (one cluster)
   */
  readonly cluster?: PlannedCluster;
  /** @default true */
  readonly workloads?: boolean;
  /** @default true */
  readonly frontEnd?: boolean;
}

export class ModelChart extends Chart {
  public readonly services: RayLlmService[] = [];

  constructor(scope: Construct, id: string, props: ModelChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, model, cluster } = props;
    const { deployments } = model;
    const targetKind = backendKindOf(plan);
    for (const deployment of deployments) {
      const scopeId = deployment.role === 'stable' ? 'Model' : 'Canary';
      if (props.workloads ?? true) {
        this.services.push(new RayLlmService(this, `${scopeId}RayService`, rayLlmServiceProps(plan, model, deployment)));
        if (plan.networkPolicies) {
          new RayNetworkPolicy(this, `${scopeId}NetworkPolicy`, {
            name: deployment.networkPolicyName,
            namespace: model.namespace,
            podLabels: { [RAY_SERVICE_POD_LABEL]: deployment.name },
            proxySubnetRange: cluster?.proxySubnetRange ?? plan.proxySubnetRange,
            operatorNamespace: plan.operatorNamespace,
          });
          if (plan.egress === 'restricted') {
            new RayEgressPolicy(this, `${scopeId}EgressPolicy`, {
              name: egressPolicyName(deployment.name),
              namespace: model.namespace,
              podLabels: { [RAY_SERVICE_POD_LABEL]: deployment.name },
            });
          }
        }
        if (cluster) {
          new ServiceExport(this, `${scopeId}ServiceExport`, { serviceName: deployment.serveServiceName, namespace: model.namespace });
        }
      }
      if (props.frontEnd ?? true) {
        new ServeHealthCheck(this, `${scopeId}HealthCheck`, {
          name: deployment.healthCheckName,
          namespace: model.namespace,
          serviceName: deployment.serveServiceName,
          targetKind,
        });
        new ServeBackendPolicy(this, `${scopeId}BackendPolicy`, {
          name: deployment.backendPolicyName,
          namespace: model.namespace,
          serviceName: deployment.serveServiceName,
          timeoutSeconds: model.timeoutSeconds,
          targetKind,
        });
      }
    }
    if ((props.frontEnd ?? true) && model.namespace !== plan.namespace) {
      new RouteGrant(this, 'RouteGrant', {
        name: model.routeGrantName,
        namespace: model.namespace,
        routeNamespace: plan.namespace,
        serviceNames: deployments.map((d) => d.serveServiceName),
        backendKind: targetKind,
      });
    }
  }
}
