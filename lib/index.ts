/**
 * Public API of the library (TypeScript): the jsii surface (lib/jsii.ts: the constructs with their
 * props and ModelFleet, what Python and other languages see too) and the TypeScript-only surface
 * (lib/spec-api.ts, also on `ray-llm-gateway/spec`: the model list's types and loader, planModels,
 * buildCharts, the charts, serveConfig). Validators, file writers (lib/synth) and the route
 * simulator (scripts/route-table) are not part of it.
 */
export * from './jsii';
export * from './spec-api';
