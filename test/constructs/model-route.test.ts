/** ModelGateway and ModelRoute: the route attaches to the Gateway object and routes models added by object. */
import { Testing } from 'cdk8s';
import { ModelGateway, ModelRoute, RayLlmService, ServeBackend } from '../../lib';

type Obj = Record<string, any>;

describe('ModelGateway', () => {
  test('defaults: class gke-l7-rilb, one HTTP listener for routes of its namespace', () => {
    const chart = Testing.chart();
    const gateway = new ModelGateway(chart, 'gw', { name: 'llm-gateway', namespace: 'llm', metadata: { annotations: { a: 'b' } } });
    const [object] = Testing.synth(chart);
    expect(object.metadata).toEqual({ name: 'llm-gateway', namespace: 'llm', annotations: { a: 'b' } });
    expect(object.spec).toEqual({
      gatewayClassName: 'gke-l7-rilb',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(gateway.gatewayName).toBe('llm-gateway');
    expect(gateway.apiObject).toBe(gateway.gateway);
  });

  test('a certificate map annotation and user annotations are both kept', () => {
    const chart = Testing.chart();
    new ModelGateway(chart, 'gw', { name: 'g', tls: { certificateMap: 'map', hostnames: ['llm.example.com'], http: 'redirect' }, metadata: { annotations: { a: 'b' } } });
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ 'a': 'b', 'networking.gke.io/certmap': 'map' });
  });
});

describe('ModelRoute', () => {
  test('addModel: an exact X-Gateway-Model-Name match on the model id to its serve Service on 8000', () => {
    const chart = Testing.chart();
    const gateway = new ModelGateway(chart, 'gw', { name: 'llm-gateway', namespace: 'llm' });
    const gemma = new RayLlmService(chart, 'gemma', { modelId: 'google/gemma-2b-it', source: 'google/gemma-2b-it', name: 'gemma', namespace: 'llm' });
    const qwen = new RayLlmService(chart, 'qwen', { modelId: 'Qwen/Qwen2.5-3B', source: 'Qwen/Qwen2.5-3B', name: 'qwen', namespace: 'team-b' });
    const route = new ModelRoute(chart, 'route', { name: 'models', gateway });
    route.addModel(gemma);
    route.addModel(qwen, { timeoutSeconds: 120 });
    const object = Testing.synth(chart).find((o: Obj) => o.kind === 'HTTPRoute');
    expect(object.metadata).toEqual({ name: 'models', namespace: 'llm' });
    expect(object.spec).toEqual({
      parentRefs: [{ name: 'llm-gateway' }],
      rules: [
        {
          matches: [{ headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: 'google/gemma-2b-it' }], path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ kind: 'Service', name: 'gemma-serve-svc', port: 8000 }],
        },
        {
          matches: [{ headers: [{ type: 'Exact', name: 'X-Gateway-Model-Name', value: 'Qwen/Qwen2.5-3B' }], path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ kind: 'Service', name: 'qwen-serve-svc', namespace: 'team-b', port: 8000 }],
          timeouts: { request: '120s' },
        },
      ],
    });
  });

  test('a path prefix rule rewrites to /; a Gateway made elsewhere is named with fromName', () => {
    const chart = Testing.chart();
    const route = new ModelRoute(chart, 'route', { name: 'r', gateway: ModelGateway.fromName('shared', 'infra'), listenerName: 'https' });
    route.addModel(ServeBackend.fromName('m-serve-svc', { modelId: 'm', namespace: 'infra' }), { pathPrefix: '/m' });
    const [object] = Testing.synth(chart);
    expect(object.metadata.namespace).toBe('infra');
    expect(object.spec.parentRefs).toEqual([{ name: 'shared', sectionName: 'https' }]);
    expect(object.spec.rules[1]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/m' } }],
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      backendRefs: [{ kind: 'Service', name: 'm-serve-svc', port: 8000 }],
    });
  });

  test('a route without rules, or with more than 16, fails at synth naming the route; a backend without modelId cannot be added', () => {
    const empty = Testing.chart();
    new ModelRoute(empty, 'route', { name: 'empty', gateway: ModelGateway.fromName('g') });
    expect(() => Testing.synth(empty)).toThrow('ModelRoute empty: 0 rules and 0 matches; an HTTPRoute holds 1 to 16 rules and at most 127 matches');
    const full = Testing.chart();
    const route = new ModelRoute(full, 'route', { name: 'full', gateway: ModelGateway.fromName('g') });
    for (let i = 0; i < 17; i++) route.addModel(ServeBackend.fromName(`m${i}-serve-svc`, { modelId: `m${i}` }));
    expect(() => Testing.synth(full)).toThrow('ModelRoute full: 17 rules and 17 matches');
    expect(() => route.addModel(ServeBackend.fromName('x-serve-svc'))).toThrow('addModel needs the service\'s modelId');
  });
});
