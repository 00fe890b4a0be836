/**
 * The jsii entry (issue #25): what Python (and any jsii language) sees of the library — the
 * constructs with their props and ModelFleet, which takes the model list as a file path or a plain
 * JSON value. `npm run build:jsii` compiles it (scripts/jsii-build.ts). TypeScript users keep
 * lib/index.ts; the TypeScript-only surface (schemas, list and plan types, loadModelList,
 * planModels, ModelListError, the charts) is on `ray-llm-gateway/spec` (lib/spec-api.ts).
 */
export type { ResourceProps } from './constructs/metadata';
export * from './charts/model-fleet';
export * from './constructs/ray-llm-service';
export * from './constructs/model-cache-fill';
export type { ModelCacheSource } from './constructs/model-cache-volume';
export * from './constructs/serve-health-check';
export * from './constructs/serve-backend-policy';
export * from './constructs/service-export';
export * from './constructs/gateway';
export * from './constructs/model-route';
export * from './constructs/https-redirect-route';
export * from './constructs/route-grant';
export * from './constructs/team-namespace';
export * from './constructs/adapter-config-map';
export * from './constructs/api-key-policy';
export * from './constructs/model-list-responder';
export * from './constructs/ray-network-policy';
export * from './constructs/ray-egress-policy';
export * from './constructs/router-extension';
export * from './constructs/router-health-check';
export * from './constructs/ray-service-account';
export * from './facts/backend-kind';
export * from './constructs/argo-application';
export * from './constructs/flux-git-repository';
export * from './constructs/flux-kustomization';
export * from './constructs/flux-helm-release';
