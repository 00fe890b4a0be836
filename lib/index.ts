/**
 * Public API of the library: the model list's types and loader, the fleet entry point (planModels +
 * buildCharts) and the constructs with their props. Validators, file writers (lib/synth) and the
 * route simulator (scripts/route-table) are not part of it.
 */
// The model list
export * from './spec/model-spec';
export * from './spec/list-spec';
export * from './spec/model-list-error';
export { loadModelList } from './spec/load';
// The fleet: list -> plan -> charts
export { planModels } from './plan/plan-models';
export * from './plan/model-plan';
export { buildCharts, objectsOf } from './charts/app';
export * from './charts/model-fleet';
export type { ChartFile } from './charts/app';
export * from './charts/workload-chart';
export * from './charts/front-end-chart';
export * from './charts/gateway-chart';
export * from './charts/identity-chart';
// The constructs, one a file, with their props
export type { ResourceProps } from './constructs/metadata';
export * from './constructs/ray-llm-service';
export * from './constructs/serve-config';
export * from './constructs/serve-health-check';
export * from './constructs/serve-backend-policy';
export * from './constructs/service-export';
export * from './constructs/gateway';
export * from './constructs/model-route';
export * from './constructs/https-redirect-route';
export * from './constructs/route-grant';
export * from './constructs/adapter-config-map';
export * from './constructs/api-key-policy';
export * from './constructs/ray-network-policy';
export * from './constructs/ray-egress-policy';
export * from './constructs/router-extension';
export * from './constructs/router-health-check';
export * from './constructs/ray-service-account';
export * from './facts/backend-kind';
// GitOps output (opt-in `gitops:`): Argo CD and Flux objects per cluster
export * from './spec/gitops-spec';
export type { PlannedGitOps } from './plan/gitops-plan';
export * from './charts/gitops-chart';
export * from './constructs/argo-application';
export * from './constructs/flux-git-repository';
export * from './constructs/flux-kustomization';
export * from './constructs/flux-helm-release';
