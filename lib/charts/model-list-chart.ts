/**
 * ModelListChart: the `GET /v1/models` responder of the Gateway (lib/plan/model-list-plan.ts),
 * beside the Gateway (in a fleet, in the config cluster, exported so its ServiceImport is the
 * route's backend), with its health check and, when the list uses NetworkPolicies, one that admits
 * only the load balancer's proxies and health checkers.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HEALTH_CHECK_RANGES } from '../facts/gke';
import { ModelListResponder } from '../constructs/model-list-responder';
import { ServeBackend } from '../constructs/ray-llm-service-props';
import { ServeHealthCheck } from '../constructs/serve-health-check';
import { ServiceExport } from '../constructs/service-export';
import { configCluster, ModelPlan } from '../plan/model-plan';
import { PlannedModelList } from '../plan/model-list-plan';
import { backendKindOf } from '../plan/route-plan';

export interface ModelListChartProps {
  readonly plan: ModelPlan;
  readonly modelList: PlannedModelList;
}

export class ModelListChart extends Chart {
  constructor(scope: Construct, id: string, props: ModelListChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, modelList } = props;
    const config = configCluster(plan);
    const proxyRanges = config ? [...config.proxySourceRanges] : [plan.proxySubnetRange];
    const responder = new ModelListResponder(this, 'Responder', {
      name: modelList.name,
      namespace: modelList.namespace,
      modelIds: [...modelList.ids],
      allowedSourceRanges: plan.networkPolicies ? [...new Set([...proxyRanges, ...HEALTH_CHECK_RANGES])] : undefined,
    });
    const kind = backendKindOf(plan);
    if (config) new ServiceExport(this, 'ServiceExport', { serviceName: responder.serviceName, namespace: modelList.namespace });
    new ServeHealthCheck(this, 'HealthCheck', {
      name: modelList.healthCheckName,
      namespace: modelList.namespace,
      service: ServeBackend.fromName(responder.serviceName, { namespace: modelList.namespace, kind }),
      port: responder.port,
      requestPath: responder.healthPath,
    });
  }
}
