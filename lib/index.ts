/** Public API of the library: model list in, cdk8s constructs and charts out. */
export * from './model-spec';
export * from './model-plan';
export * from './model-list-error';
export * from './models';
export * from './names';
export * from './accelerators';
export * from './serve-config';
export * from './ray-llm-service';
export * from './serve-health-check';
export * from './gateway';
export * from './model-route';
export * from './model-chart';
export * from './gateway-chart';
export * from './app';
export * from './load';
export * from './publish';
