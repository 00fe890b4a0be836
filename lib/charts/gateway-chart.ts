/**
 * GatewayChart: the shared Gateway, the routes that pick each model's serve Service, and the
 * router's adapter ConfigMaps (they live in the router's namespace, the Gateway's).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AdapterConfigMap } from '../constructs/adapter-config-map';
import { HTTP_LISTENER_NAME, HTTPS_LISTENER_NAME, ModelGateway } from '../constructs/gateway';
import { ApiKeyPolicy } from '../constructs/api-key-policy';
import { gatewayAddresses } from '../facts/gateway-classes';
import { HttpsRedirectRoute } from '../constructs/https-redirect-route';
import { apiKeyPolicyName, redirectRouteName } from '../plan/names';
import { ModelPlan } from '../plan/model-plan';
import { ModelRoute } from '../constructs/model-route';
import { planRoutes } from '../plan/route-plan';

export interface GatewayChartProps {
  readonly plan: ModelPlan;
}

export class GatewayChart extends Chart {
  public readonly gateway: ModelGateway;
  public readonly routes: ModelRoute[];

  constructor(scope: Construct, id: string, props: GatewayChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan } = props;
    this.gateway = new ModelGateway(this, 'Gateway', {
      name: plan.gatewayName,
      namespace: plan.namespace,
      className: plan.gatewayClassName,
      tls: plan.tls && { ...plan.tls, hostnames: [...plan.tls.hostnames] },
      addresses: gatewayAddresses(plan.gatewayClassName, plan.clusters.map((c) => c.region)),
    });
    const { tls } = plan;
    // With HTTPS, the models are served on the https listener only, unless plain HTTP serves too.
    const listenerName = tls && tls.http !== 'serve' ? HTTPS_LISTENER_NAME : undefined;
    this.routes = planRoutes(plan).map((route) => new ModelRoute(this, route.name, {
      name: route.name,
      namespace: plan.namespace,
      gateway: this.gateway,
      listenerName,
      hostnames: tls && [...tls.hostnames],
      rules: route.rules.map((rule) => ({ ...rule, headerValues: [...rule.headerValues], backends: [...rule.backends] })),
    }));
    if (tls?.http === 'redirect') {
      new HttpsRedirectRoute(this, 'HttpsRedirect', {
        name: redirectRouteName(plan.routeName),
        namespace: plan.namespace,
        gateway: this.gateway,
        listenerName: HTTP_LISTENER_NAME,
        hostnames: [...tls.hostnames],
      });
    }
    if (plan.apigee) {
      new ApiKeyPolicy(this, 'ApiKeyPolicy', {
        name: apiKeyPolicyName(plan.gatewayName),
        namespace: plan.namespace,
        gateway: this.gateway,
        ...plan.apigee,
      });
    }
    for (const model of plan.models.filter((m) => m.adapters.length > 0)) {
      new AdapterConfigMap(this, model.adapterConfigMapName, {
        name: model.adapterConfigMapName,
        namespace: plan.namespace,
        baseModel: model.id,
        adapters: [...model.adapters],
      });
    }
  }
}
