/**
 * GatewayChart: the shared Gateway, the routes that pick each model's serve Service, and the
 * router's adapter ConfigMaps (they live in the router's namespace, the Gateway's).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AdapterConfigMap } from '../constructs/adapter-config-map';
import { HTTP_LISTENER_NAME, HTTPS_LISTENER_NAME, ModelGateway } from '../constructs/gateway';
import { ApiKeyPolicy } from '../constructs/api-key-policy';
import { SERVICE_IMPORT_BACKEND } from '../facts/backend-kind';
import { gatewayAddresses } from '../facts/gateway-classes';
import { HttpsRedirectRoute } from '../constructs/https-redirect-route';
import { apiKeyPolicyName, redirectRouteName } from '../plan/names';
import { ModelPlan } from '../plan/model-plan';
import { ModelRoute } from '../constructs/model-route';
import { planRoutes } from '../plan/route-plan';
import { RouterExtension } from '../constructs/router-extension';
import { RouterHealthCheck } from '../constructs/router-health-check';
import { ServiceExport } from '../constructs/service-export';
import { ROUTER_HEALTH_CHECK_NAME, ROUTER_HEALTH_PORT, ROUTER_PORT, ROUTER_RELEASE_NAME } from '../facts/router';

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
    if (plan.clusters.length > 0) this.addMultiClusterRouter(plan);
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

  /**
   * A multi-cluster Gateway reaches the router (installed by the chart with `provider.name=none`
   * in the config cluster) through a ServiceImport: export its Service, attach the extension to
   * the import, and health-check the import over gRPC.
   */
  private addMultiClusterRouter(plan: ModelPlan): void {
    new ServiceExport(this, 'RouterServiceExport', { serviceName: ROUTER_RELEASE_NAME, namespace: plan.namespace });
    new RouterExtension(this, 'RouterExtension', {
      name: ROUTER_RELEASE_NAME,
      namespace: plan.namespace,
      gateway: this.gateway,
      serviceName: ROUTER_RELEASE_NAME,
      port: ROUTER_PORT,
      backendKind: SERVICE_IMPORT_BACKEND,
    });
    new RouterHealthCheck(this, 'RouterHealthCheck', {
      name: ROUTER_HEALTH_CHECK_NAME,
      namespace: plan.namespace,
      serviceName: ROUTER_RELEASE_NAME,
      port: ROUTER_HEALTH_PORT,
      targetKind: SERVICE_IMPORT_BACKEND,
    });
  }
}
