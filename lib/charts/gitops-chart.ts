/**
 * The GitOps objects of one cluster (`dist/[<cluster>/]gitops/`), applied once by hand; from then on
 * the controller applies everything else from Git and keeps this folder itself in sync:
 *   - Argo CD: an app of apps (this folder) and a child Application per namespace folder and for the
 *     router, ordered by sync waves; Flux: a GitRepository, a root Kustomization (this folder) and one
 *     per namespace folder ordered by `dependsOn`, and the router as a HelmRelease.
 * Order: the folders without the Gateway (models, front ends of other namespaces), then the router,
 * then the Gateway's folder: the Gateway is programmed once its backends and router exist. Each
 * namespace folder holds its own Namespace object (charts/app.ts), which both controllers apply
 * before the folder's other objects (Argo CD orders a sync by kind, Namespaces first; Flux's
 * kustomize-controller applies Namespaces in its first stage).
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoApplication } from '../constructs/argo-application';
import { FluxGitRepository } from '../constructs/flux-git-repository';
import { FluxHelmRelease } from '../constructs/flux-helm-release';
import { FluxKustomization } from '../constructs/flux-kustomization';
import { ROUTER_CHART, ROUTER_RELEASE_NAME } from '../facts/router';
import { GITOPS_FOLDER, PlannedGitOps } from '../plan/gitops-plan';
import { ModelPlan } from '../plan/model-plan';
import { routerChartVersionOf, routerValues } from '../plan/router-values';

/** Name of the root Application / GitRepository / root Kustomization. */
export const GITOPS_ROOT_NAME = 'ray-llm-gateway';
/** Name of the router's Application / HelmRelease. */
export const GITOPS_ROUTER_NAME = `${GITOPS_ROOT_NAME}-router`;
/** Sync waves of the Argo CD child Applications. */
export const SYNC_WAVES = { workloads: 1, router: 2, gateway: 3 } as const;

/** Name of the Application / Kustomization of a namespace folder. */
export function gitopsFolderName(namespace: string): string {
  return `${GITOPS_ROOT_NAME}-ns-${namespace}`;
}

export interface GitOpsChartProps {
  readonly plan: ModelPlan;
  readonly gitops: PlannedGitOps;
  /** The cluster's folder in dist/ with a trailing slash (`<cluster>/`), '' for one cluster. */
  readonly clusterFolder: string;
  /** The namespace folders of this cluster in dist/. */
  readonly namespaces: readonly string[];
  /** Whether the cluster holds the Gateway and the router. */
  readonly config: boolean;
}

export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, gitops, clusterFolder, namespaces, config } = props;
    const folderPath = (folder: string) => `${gitops.path}/${clusterFolder}${folder}`;
    const holdsGateway = (ns: string) => config && ns === plan.namespace;
    const values = routerValues(plan) as unknown as Record<string, unknown>;
    const namespace = gitops.controllerNamespace;

    if (gitops.controller === 'argocd') {
      const app = (appId: string, name: string, path: string, destinationNamespace: string, syncWave?: number) =>
        new ArgoApplication(this, appId, { name, namespace, project: gitops.project, repoURL: gitops.repoURL, targetRevision: gitops.revision, path, destinationNamespace, syncWave });
      app('root', GITOPS_ROOT_NAME, folderPath(GITOPS_FOLDER), namespace);
      if (config && plan.bodyBasedRouting) {
        new ArgoApplication(this, 'router', {
          name: GITOPS_ROUTER_NAME, namespace, project: gitops.project, repoURL: ROUTER_CHART, targetRevision: routerChartVersionOf(plan), path: '.',
          helm: { releaseName: ROUTER_RELEASE_NAME, values }, destinationNamespace: plan.namespace, syncWave: SYNC_WAVES.router,
        });
      }
      for (const ns of namespaces) {
        app(`ns-${ns}`, gitopsFolderName(ns), folderPath(ns), ns, holdsGateway(ns) ? SYNC_WAVES.gateway : SYNC_WAVES.workloads);
      }
      return;
    }

    const interval = gitops.interval;
    new FluxGitRepository(this, 'source', { name: GITOPS_ROOT_NAME, namespace, url: gitops.repoURL, branch: gitops.revision, interval });
    const kustomization = (kId: string, name: string, path: string, dependsOn: string[] = []) =>
      new FluxKustomization(this, kId, { name, namespace, sourceName: GITOPS_ROOT_NAME, path: `./${path}`, interval, dependsOn });
    kustomization('root', GITOPS_ROOT_NAME, folderPath(GITOPS_FOLDER));
    if (config && plan.bodyBasedRouting) {
      new FluxHelmRelease(this, 'router', {
        name: GITOPS_ROUTER_NAME, namespace, chartUrl: ROUTER_CHART, version: routerChartVersionOf(plan),
        releaseName: ROUTER_RELEASE_NAME, targetNamespace: plan.namespace, values, interval,
      });
    }
    const workloads = namespaces.filter((ns) => !holdsGateway(ns));
    for (const ns of namespaces) {
      kustomization(`ns-${ns}`, gitopsFolderName(ns), folderPath(ns), holdsGateway(ns) ? workloads.map(gitopsFolderName) : []);
    }
  }
}

/** The GitOps files of a plan: one per cluster, `[<cluster>/]gitops/<controller>.k8s.yaml`; none without `gitops:`. */
export function gitopsFiles(plan: ModelPlan, files: readonly { path: string }[], extension: string): { path: string; make: () => Chart[] }[] {
  const gitops = plan.gitops;
  if (!gitops) return [];
  const sites = plan.clusters.length === 0
    ? [{ clusterFolder: '', config: true }]
    : plan.clusters.map((c) => ({ clusterFolder: `${c.name}/`, config: c.config }));
  return sites.map(({ clusterFolder, config }) => {
    const namespaces = [...new Set(files
      .filter((f) => f.path.startsWith(clusterFolder))
      .map((f) => f.path.slice(clusterFolder.length).split('/'))
      .filter((parts) => parts.length === 2)
      .map((parts) => parts[0]))].sort();
    const make = () => [new GitOpsChart(new App(), GITOPS_FOLDER, { plan, gitops, clusterFolder, namespaces, config })];
    return { path: `${clusterFolder}${GITOPS_FOLDER}/${gitops.controller}${extension}`, make };
  });
}
