/** GatewayChart: the shared Gateway and the route that picks each model's serve Service. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelGateway } from './gateway';
import { ModelPlan } from './model-plan';
import { ModelRoute } from './model-route';

export interface GatewayChartProps {
  readonly plan: ModelPlan;
}

export class GatewayChart extends Chart {
  public readonly gateway: ModelGateway;
  public readonly route: ModelRoute;

  constructor(scope: Construct, id: string, props: GatewayChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan } = props;
    this.gateway = new ModelGateway(this, 'Gateway', {
      name: plan.gatewayName,
      namespace: plan.namespace,
      className: plan.gatewayClassName,
    });
    this.route = new ModelRoute(this, 'Route', {
      name: plan.routeName,
      namespace: plan.namespace,
      gatewayName: plan.gatewayName,
      backends: plan.models.map((m) => ({ modelId: m.id, serviceName: m.serveServiceName })),
    });
  }
}
