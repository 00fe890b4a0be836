/**
 * WorkloadChart: what runs a model in one cluster, for each of its deployments (stable, canary): a
 * RayService, the NetworkPolicy fencing its Ray cluster (and the egress one, if restricted) and,
 * in a fleet, the ServiceExport of its serve Service.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelPlan, PlannedCluster, PlannedModel } from '../plan/model-plan';
import { egressPolicyName } from '../plan/names';
import { RayEgressPolicy } from '../constructs/ray-egress-policy';
import { RayLlmService } from '../constructs/ray-llm-service';
import { RayNetworkPolicy } from '../constructs/ray-network-policy';
import { ServiceExport } from '../constructs/service-export';
import { rayLlmServiceProps } from './ray-service-props';

export interface WorkloadChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
  /**
   * The fleet cluster this chart is for: its workloads export their Services and admit the
   * proxy-only subnets the load balancer sends to it from.
   * @default none (one cluster: the list's proxy-only subnet, no ServiceExport)
   */
  readonly cluster?: PlannedCluster;
}

export class WorkloadChart extends Chart {
  public readonly services: RayLlmService[] = [];

  constructor(scope: Construct, id: string, props: WorkloadChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, model, cluster } = props;
    for (const deployment of model.deployments) {
      const scopeId = deployment.role === 'stable' ? 'Model' : 'Canary';
      const rayService = new RayLlmService(this, `${scopeId}RayService`, rayLlmServiceProps(plan, model, deployment));
      this.services.push(rayService);
      if (plan.networkPolicies) {
        new RayNetworkPolicy(this, `${scopeId}NetworkPolicy`, {
          name: deployment.networkPolicyName,
          namespace: model.namespace,
          rayService,
          proxySubnetRange: cluster?.proxySubnetRange ?? plan.proxySubnetRange,
          otherProxySubnetRanges: cluster?.proxySourceRanges.filter((r) => r !== cluster.proxySubnetRange),
          operatorNamespace: plan.operatorNamespace,
        });
        if (plan.egress === 'restricted') {
          new RayEgressPolicy(this, `${scopeId}EgressPolicy`, {
            name: egressPolicyName(deployment.name),
            namespace: model.namespace,
            rayService,
          });
        }
      }
      if (cluster) {
        new ServiceExport(this, `${scopeId}ServiceExport`, { serviceName: deployment.serveServiceName, namespace: model.namespace });
      }
    }
  }
}
