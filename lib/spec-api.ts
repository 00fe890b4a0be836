/**
 * The TypeScript-only surface, on the subpath `ray-llm-gateway/spec` (issue #25): the model list's
 * TypeBox schemas and types (`ModelListSpec`, ...), `loadModelList`, `ModelListError`, `planModels`
 * and the plan types, the charts and `buildCharts`, `serveConfig`. jsii leaves these out of other
 * languages (functions, constants, type aliases, classes with non-jsii types), so they are not in
 * the jsii entry (lib/jsii.ts); lib/index.ts exports both, as before.
 */
// The model list
export * from './list/model-spec';
export * from './list/list-spec';
export * from './list/model-list-error';
export { loadModelList } from './list/load';
// The fleet: list -> plan -> charts
export { planModels } from './plan/plan-models';
export * from './plan/model-plan';
export { buildCharts, objectsOf } from './charts/app';
export type { ChartFile } from './charts/app';
export * from './charts/workload-chart';
export * from './charts/front-end-chart';
export * from './charts/gateway-chart';
export * from './charts/identity-chart';
export * from './charts/model-cache-chart';
// The typed Serve config of a model
export * from './constructs/serve-config';
// GitOps output (opt-in `gitops:`)
export * from './list/gitops-spec';
export type { PlannedGitOps } from './plan/gitops-plan';
export * from './charts/gitops-chart';
