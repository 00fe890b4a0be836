/**
 * Turns a plan into charts and files, in the folder of each namespace (a team can own its folder):
 * the Gateway chart, per model namespace an IdentityChart (the Ray pods' ServiceAccount), and per model a WorkloadChart (RayServices, ...) and a FrontEndChart (health
 * checks, backend policies, ReferenceGrant). One cluster is a fleet of one: its models' workloads
 * and front ends share one file `model-<name>`. A fleet gives each cluster a folder: the config
 * cluster holds the Gateway and the front ends (`frontend-<name>`), every cluster the workloads
 * of the models it runs (`model-<name>`).
 *
 * Each chart gets an App of its own: cdk8s resolves dependencies over the whole App for every
 * chart it synthesizes, which made one App with 1000 charts quadratic. The charts share nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { GatewayChart } from './gateway-chart';
import { ModelListChart } from './model-list-chart';
import { FrontEndChart } from './front-end-chart';
import { WorkloadChart } from './workload-chart';
import { IdentityChart, rayNamespaces } from './identity-chart';
import { gitopsFiles } from './gitops-chart';
import { TeamNamespace } from '../constructs/team-namespace';
import { ModelPlan, PlannedCluster, stableOf } from '../plan/model-plan';
import { MANIFEST_EXTENSION, modelCacheChartId } from '../plan/names';
import { ModelCacheChart } from './model-cache-chart';
import { fillClusterOf } from '../plan/model-cache-plan';
import { createdNamespaces, NAMESPACE_FILE_ID } from '../plan/namespaces';

/** File name (without extension) of the Gateway chart. */
export const GATEWAY_CHART_ID = 'gateway';
/** Chart id suffix of the `GET /v1/models` responder (in the Gateway's file). */
export const MODEL_LIST_CHART_ID = 'model-list';
/** File name (without extension) of a model namespace's ServiceAccount chart. */
export const IDENTITY_CHART_ID = 'identity';
/** The extension cdk8s gives manifests. */
export { MANIFEST_EXTENSION };

/** File name (without extension) of a model's chart; the prefix keeps a model named "gateway" from clashing. */
export function modelChartId(modelName: string): string {
  return `model-${modelName}`;
}

/** File name (without extension) of a model's front end in a fleet's config cluster. */
export function frontEndChartId(modelName: string): string {
  return `frontend-${modelName}`;
}

/** The charts of one file and where it goes: `[<cluster>/]<namespace>/<name>.k8s.yaml`. */
export interface ChartFile {
  readonly path: string;
  readonly charts: readonly Chart[];
}

/** The objects of a file, chart after chart. */
export function objectsOf(file: ChartFile): unknown[] {
  return file.charts.flatMap((chart) => chart.toJson());
}

/** A cluster the plan places objects in: its folder prefix, and the fleet cluster (none for one cluster). */
interface Site {
  readonly folder: string;
  readonly cluster?: PlannedCluster;
  readonly config: boolean;
}

/** A file and how to make its charts. */
interface FileMaker {
  readonly path: string;
  readonly make: () => Chart[];
}

export function buildCharts(plan: ModelPlan): ChartFile[] {
  return fileMakers(plan).map((file) => ({ path: file.path, charts: file.make() }));
}

/**
 * The files of `buildCharts`, but each file's charts are made when `charts` is read, anew at
 * every read: the synth reads each file once and its charts can be garbage-collected as soon as
 * the file's text is made (all charts at once, 10000 models took 1.4 GB). Objects added to a
 * chart read from here are lost; use `buildCharts` to change charts.
 */
export function chartFilesOnDemand(plan: ModelPlan): ChartFile[] {
  return fileMakers(plan).map((file) => ({
    path: file.path,
    get charts() {
      return file.make();
    },
  }));
}

function fileMakers(plan: ModelPlan): FileMaker[] {
  const files: FileMaker[] = [];
  const add = (folder: string, name: string, ...makers: ((scope: App, id: string) => Chart)[]) => {
    files.push({ path: `${folder}/${name}${MANIFEST_EXTENSION}`, make: () => makers.map((make) => make(new App(), name)) });
  };
  const fleetOfOne = plan.clusters.length === 0;
  const sites: Site[] = fleetOfOne
    ? [{ folder: '', config: true }]
    : plan.clusters.map((cluster) => ({ folder: `${cluster.name}/`, cluster, config: cluster.config }));
  const config = sites.find((s) => s.config)!;

  // The GET /v1/models responder shares the Gateway's file (same folder, same owner).
  const modelList = plan.modelList;
  const gatewayCharts = [(app: App, id: string): Chart => new GatewayChart(app, id, { plan })];
  if (modelList) gatewayCharts.push((app, id) => new ModelListChart(app, `${id}-${MODEL_LIST_CHART_ID}`, { plan, modelList }));
  add(`${config.folder}${plan.namespace}`, GATEWAY_CHART_ID, ...gatewayCharts);
  for (const site of sites) {
    for (const namespace of rayNamespaces(plan, site.cluster)) {
      add(`${site.folder}${namespace}`, IDENTITY_CHART_ID, (app, id) => new IdentityChart(app, id, { namespace }));
    }
  }
  for (const model of plan.models) {
    const name = stableOf(model).name;
    const frontEnd = (app: App, id: string) => new FrontEndChart(app, id, { plan, model });
    const workloads = (site: Site) => (app: App, id: string) => new WorkloadChart(app, id, { plan, model, cluster: site.cluster });
    const runs = sites.filter((s) => !s.cluster || model.clusters.includes(s.cluster.name));
    // The bucket is one for the fleet: the first cluster running the model fills it.
    const fillCluster = fillClusterOf(plan, model);
    for (const deployment of model.deployments.filter((d) => d.modelCache)) {
      add(`${fillCluster ? `${fillCluster.name}/` : ''}${model.namespace}`, modelCacheChartId(deployment.name), (app, id) => new ModelCacheChart(app, id, { plan, model, deployment }));
    }
    if (fleetOfOne) {
      add(`${config.folder}${model.namespace}`, modelChartId(name), workloads(config), frontEnd);
      continue;
    }
    add(`${config.folder}${model.namespace}`, frontEndChartId(name), frontEnd);
    for (const site of runs) add(`${site.folder}${model.namespace}`, modelChartId(name), workloads(site));
  }
  return [...namespaceFiles(files), ...files, ...gitopsFiles(plan, files, MANIFEST_EXTENSION)];
}

/** The Namespace object of every namespace folder the list creates (`[<cluster>/]<namespace>/0-namespace.k8s.yaml`), in folder order. */
function namespaceFiles(files: readonly FileMaker[]): FileMaker[] {
  const folders = [...new Set(files.map((f) => path.posix.dirname(f.path)))];
  return folders.filter((folder) => createdNamespaces([path.posix.basename(folder)]).length > 0).map((folder) => {
    const name = path.posix.basename(folder);
    const make = () => {
      const chart = new Chart(new App(), NAMESPACE_FILE_ID, { disableResourceNameHashes: true });
      new TeamNamespace(chart, 'namespace', { name });
      return [chart];
    };
    return { path: `${folder}/${NAMESPACE_FILE_ID}${MANIFEST_EXTENSION}`, make };
  });
}

/** Writes every chart's manifest below `outdir` (which is emptied first). */
export function synthesizeCharts(charts: readonly ChartFile[], outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const file of charts) {
    const target = path.join(outdir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    Yaml.save(target, objectsOf(file));
  }
}
