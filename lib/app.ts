/**
 * Builds the cdk8s App for a plan: one chart for the Gateway, one per model. Each chart is one
 * file, and each file goes into the folder of its namespace, so a team can own its folder.
 */
import { App } from 'cdk8s';
import { GatewayChart } from './gateway-chart';
import { ModelChart } from './model-chart';
import { ModelPlan } from './model-plan';

/** Chart id (and so file name, `<id>.k8s.yaml`) of the Gateway chart. */
export const GATEWAY_CHART_ID = 'gateway';

/** Chart id of a model's chart; the prefix keeps a model named "gateway" from clashing. */
export function modelChartId(modelName: string): string {
  return `model-${modelName}`;
}

/** The file cdk8s writes for a chart. */
export function chartFile(chartId: string): string {
  return `${chartId}.k8s.yaml`;
}

export interface ModelApp {
  readonly app: App;
  /** Where each file cdk8s writes belongs in dist/: `<file>` -> `<namespace>/<file>`. */
  readonly layout: Readonly<Record<string, string>>;
}

export function buildApp(plan: ModelPlan, outdir: string): ModelApp {
  const app = new App({ outdir });
  const layout: Record<string, string> = {};
  new GatewayChart(app, GATEWAY_CHART_ID, { plan });
  layout[chartFile(GATEWAY_CHART_ID)] = `${plan.namespace}/${chartFile(GATEWAY_CHART_ID)}`;
  for (const model of plan.models) {
    const id = modelChartId(model.name);
    new ModelChart(app, id, { plan, model });
    layout[chartFile(id)] = `${model.namespace}/${chartFile(id)}`;
  }
  return { app, layout };
}
