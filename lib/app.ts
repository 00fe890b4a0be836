/**
 * Builds the cdk8s App for a plan: one chart for the Gateway and one per model, each one file in
 * the folder of its namespace (a team can own its folder). With a fleet of clusters, each cluster
 * gets a folder: the config cluster holds the Gateway and the models' front ends, every cluster
 * the workloads of the models it runs.
 */
import { App } from 'cdk8s';
import { GatewayChart } from './gateway-chart';
import { ModelChart } from './model-chart';
import { configCluster, ModelPlan } from './model-plan';

/** Chart id (and so file name, `<id>.k8s.yaml`) of the Gateway chart. */
export const GATEWAY_CHART_ID = 'gateway';

/** Chart id of a model's chart; the prefix keeps a model named "gateway" from clashing. */
export function modelChartId(modelName: string): string {
  return `model-${modelName}`;
}

/** Chart id of a model's front end in a fleet's config cluster. */
export function frontEndChartId(modelName: string): string {
  return `frontend-${modelName}`;
}

/** The file cdk8s writes for a chart. */
export function chartFile(chartId: string): string {
  return `${chartId}.k8s.yaml`;
}

export interface ModelApp {
  readonly app: App;
  /** Where each file cdk8s writes belongs in dist/: `<file>` -> `[<cluster>/]<namespace>/<name>.k8s.yaml`. */
  readonly layout: Readonly<Record<string, string>>;
}

export function buildApp(plan: ModelPlan, outdir: string): ModelApp {
  const app = new App({ outdir });
  const layout: Record<string, string> = {};
  /** A chart id unique in the app; its file is placed at `folder/<name>.k8s.yaml`. */
  const place = (id: string, folder: string, name: string) => {
    layout[chartFile(id)] = `${folder}/${chartFile(name)}`;
    return id;
  };

  const config = configCluster(plan);
  if (!config) {
    new GatewayChart(app, place(GATEWAY_CHART_ID, plan.namespace, GATEWAY_CHART_ID), { plan });
    for (const model of plan.models) {
      const name = modelChartId(model.name);
      new ModelChart(app, place(name, model.namespace, name), { plan, model });
    }
    return { app, layout };
  }

  new GatewayChart(app, place(`${config.name}--${GATEWAY_CHART_ID}`, `${config.name}/${plan.namespace}`, GATEWAY_CHART_ID), { plan });
  for (const model of plan.models) {
    const frontEnd = frontEndChartId(model.name);
    new ModelChart(app, place(`${config.name}--${frontEnd}`, `${config.name}/${model.namespace}`, frontEnd), { plan, model, workloads: false });
    for (const cluster of plan.clusters.filter((c) => model.clusters.includes(c.name))) {
      const name = modelChartId(model.name);
      new ModelChart(app, place(`${cluster.name}--${name}`, `${cluster.name}/${model.namespace}`, name), { plan, model, cluster, frontEnd: false });
    }
  }
  return { app, layout };
}
