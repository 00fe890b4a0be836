/** Builds the cdk8s App for a plan: one chart for the Gateway, one per model (one file each in dist/). */
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

export function buildApp(plan: ModelPlan, outdir: string): App {
  const app = new App({ outdir });
  new GatewayChart(app, GATEWAY_CHART_ID, { plan });
  for (const model of plan.models) {
    new ModelChart(app, modelChartId(model.name), { plan, model });
  }
  return app;
}
