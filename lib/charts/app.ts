/**
 * Turns a plan into charts and files: one chart for the Gateway and one per model, each one file
 * in the folder of its namespace (a team can own its folder). With a fleet of clusters, each
 * cluster gets a folder: the config cluster holds the Gateway and the models' front ends, every
 * cluster the workloads of the models it runs.
 *
 * Each chart gets an App of its own: cdk8s resolves dependencies over the whole App for every
 * chart it synthesizes, which made one App with 1000 charts quadratic. The charts share nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { GatewayChart } from './gateway-chart';
import { ModelChart } from './model-chart';
import { configCluster, ModelPlan, stableOf } from '../plan/model-plan';

/** File name (without extension) of the Gateway chart. */
export const GATEWAY_CHART_ID = 'gateway';
/** The extension cdk8s gives manifests. */
export const MANIFEST_EXTENSION = '.k8s.yaml';

/** File name (without extension) of a model's chart; the prefix keeps a model named "gateway" from clashing. */
export function modelChartId(modelName: string): string {
  return `model-${modelName}`;
}

/** File name (without extension) of a model's front end in a fleet's config cluster. */
export function frontEndChartId(modelName: string): string {
  return `frontend-${modelName}`;
}

/** A chart and where its file goes: `[<cluster>/]<namespace>/<name>.k8s.yaml`. */
export interface ChartFile {
  readonly path: string;
  readonly chart: Chart;
}

export function buildCharts(plan: ModelPlan): ChartFile[] {
  const files: ChartFile[] = [];
  const add = (folder: string, name: string, make: (scope: App, id: string) => Chart) => {
    files.push({ path: `${folder}/${name}${MANIFEST_EXTENSION}`, chart: make(new App(), name) });
  };

  const config = configCluster(plan);
  if (!config) {
    add(plan.namespace, GATEWAY_CHART_ID, (app, id) => new GatewayChart(app, id, { plan }));
    for (const model of plan.models) {
      add(model.namespace, modelChartId(stableOf(model).name), (app, id) => new ModelChart(app, id, { plan, model }));
    }
    return files;
  }

  add(`${config.name}/${plan.namespace}`, GATEWAY_CHART_ID, (app, id) => new GatewayChart(app, id, { plan }));
  for (const model of plan.models) {
    add(`${config.name}/${model.namespace}`, frontEndChartId(stableOf(model).name), (app, id) => new ModelChart(app, id, { plan, model, workloads: false }));
    for (const cluster of plan.clusters.filter((c) => model.clusters.includes(c.name))) {
      add(`${cluster.name}/${model.namespace}`, modelChartId(stableOf(model).name), (app, id) => new ModelChart(app, id, { plan, model, cluster, frontEnd: false }));
    }
  }
  return files;
}

/** Writes every chart's manifest below `outdir` (which is emptied first). */
export function synthesizeCharts(charts: readonly ChartFile[], outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const { path: file, chart } of charts) {
    const target = path.join(outdir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    Yaml.save(target, Object.values(chart.toJson()));
  }
}
