/**
 * ModelFleet: the whole fleet of a model list (the typed shape of models.yaml) added to a user's
 * App (or any construct): the Gateway chart, per model namespace the Ray pods' ServiceAccount
 * and, per model, its workload and front-end charts —
 * the same charts `buildCharts` makes for this repository's app, as children of `scope`.
 * The list is checked first (`planModels`): a bad list throws one ModelListError naming every
 * model and field, before any chart exists.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { loadModelList } from '../list/load';
import { TeamNamespace } from '../constructs/team-namespace';
import { createdNamespaces } from '../plan/namespaces';
import { planModels } from '../plan/plan-models';
import { ModelPlan, stableOf } from '../plan/model-plan';
import { FrontEndChart } from './front-end-chart';
import { GatewayChart } from './gateway-chart';
import { ModelListChart } from './model-list-chart';
import { WorkloadChart } from './workload-chart';
import { IdentityChart, rayNamespaces } from './identity-chart';

export interface ModelFleetProps {
  /**
   * The model list, as models.yaml holds it: a `ModelListSpec` (TypeScript), or the same plain
   * JSON value (a dict in Python). `ModelFleet.fromFile` reads one from a file.
   */
  readonly list: any;
}

export class ModelFleet extends Construct {
  /**
   * The fleet of the model list in `file` (YAML or JSON), read as `loadModelList` reads it.
   * A file that cannot be read or parsed throws a ModelListError naming `file:line`.
   */
  public static fromFile(scope: Construct, id: string, file: string): ModelFleet {
    return new ModelFleet(scope, id, { list: loadModelList(file) });
  }

  /**
   * The checked plan: every name, default and route.
   * TypeScript only: the plan types are on `ray-llm-gateway/spec`.
   * @jsii ignore
   */
  public readonly plan: ModelPlan;
  /** Warnings of the plan (e.g. a TLS setting GKE ignores); print them. */
  public readonly warnings: string[];
  /** The Namespace of every namespace the list creates (not `default`), applied before the rest. */
  public readonly namespaces: Chart;
  /**
   * The Gateway, its routes and the router's adapter ConfigMaps.
   * TypeScript only, as the charts are (other languages reach them as `node.children`).
   * @jsii ignore
   */
  public readonly gateway: GatewayChart;
  /**
   * The `GET /v1/models` responder (gateway.modelList), beside the Gateway; undefined when off.
   * TypeScript only.
   * @jsii ignore
   */
  public readonly modelList?: ModelListChart;
  /**
   * Per model (and fleet cluster running it): its RayServices, NetworkPolicies, ServiceExports.
   * TypeScript only.
   * @jsii ignore
   */
  public readonly workloads: WorkloadChart[] = [];
  /**
   * Per model: health checks, backend policies, ReferenceGrant (beside the Gateway).
   * TypeScript only.
   * @jsii ignore
   */
  public readonly frontEnds: FrontEndChart[] = [];
  /**
   * Per model namespace (and fleet cluster running models there): the Ray pods' ServiceAccount.
   * TypeScript only.
   * @jsii ignore
   */
  public readonly identities: IdentityChart[] = [];

  constructor(scope: Construct, id: string, props: ModelFleetProps) {
    super(scope, id);
    this.plan = planModels(props.list);
    this.warnings = [...this.plan.warnings ?? []];
    const plan = this.plan;
    this.namespaces = new Chart(this, 'namespaces', { disableResourceNameHashes: true });
    for (const name of createdNamespaces([...new Set([plan.namespace, ...plan.models.map((m) => m.namespace)])])) {
      new TeamNamespace(this.namespaces, name, { name });
    }
    this.gateway = new GatewayChart(this, 'gateway', { plan });
    if (plan.modelList) this.modelList = new ModelListChart(this, 'model-list', { plan, modelList: plan.modelList });
    for (const cluster of plan.clusters.length === 0 ? [undefined] : plan.clusters) {
      for (const namespace of rayNamespaces(plan, cluster)) {
        this.identities.push(new IdentityChart(this, `${cluster ? `${cluster.name}-` : ''}identity-${namespace}`, { namespace }));
      }
    }
    for (const model of plan.models) {
      const name = stableOf(model).name;
      this.frontEnds.push(new FrontEndChart(this, `frontend-${name}`, { plan, model }));
      if (plan.clusters.length === 0) {
        this.workloads.push(new WorkloadChart(this, `model-${name}`, { plan, model }));
        continue;
      }
      for (const cluster of plan.clusters.filter((c) => model.clusters.includes(c.name))) {
        this.workloads.push(new WorkloadChart(this, `${cluster.name}-model-${name}`, { plan, model, cluster }));
      }
    }
  }
}
