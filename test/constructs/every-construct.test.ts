/**
 * The cdk8s-plus conventions, for every construct of the public index: `metadata` labels and
 * annotations pass through to the generated object, which each exposes as `apiObject`.
 */
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as lib from '../../lib';

const metadata = { labels: { team: 'search' }, annotations: { owner: 'search@example.com' } };
const gateway = lib.ModelGateway.fromName('llm-gateway', 'llm');
const service = lib.ServeBackend.fromName('m-serve-svc', { namespace: 'llm', modelId: 'm' });
const rayService = { podLabels: { 'ray-llm-gateway/ray-service': 'm' } };

/** Each construct with the smallest props, and the kind it generates. */
const CASES: [string, string, (scope: Chart) => Construct & { apiObject: ApiObject }][] = [
  ['RayLlmService', 'RayService', (s) => new lib.RayLlmService(s, 'x', { modelId: 'm', source: 'm', name: 'm', metadata })],
  ['ServeHealthCheck', 'HealthCheckPolicy', (s) => new lib.ServeHealthCheck(s, 'x', { service, name: 'm', metadata })],
  ['ServeBackendPolicy', 'GCPBackendPolicy', (s) => new lib.ServeBackendPolicy(s, 'x', { service, name: 'm', metadata })],
  ['ServiceExport', 'ServiceExport', (s) => new lib.ServiceExport(s, 'x', { serviceName: 'm-serve-svc', namespace: 'llm', metadata })],
  ['ModelGateway', 'Gateway', (s) => new lib.ModelGateway(s, 'x', { name: 'm', metadata })],
  ['ModelRoute', 'HTTPRoute', (s) => {
    const route = new lib.ModelRoute(s, 'x', { name: 'm', gateway, metadata });
    route.addModel(service);
    return route;
  }],
  ['HttpsRedirectRoute', 'HTTPRoute', (s) => new lib.HttpsRedirectRoute(s, 'x', { name: 'm', namespace: 'llm', gateway, listenerName: 'http', metadata })],
  ['RouteGrant', 'ReferenceGrant', (s) => new lib.RouteGrant(s, 'x', { name: 'm', namespace: 'team', routeNamespace: 'llm', serviceNames: ['m-serve-svc'], metadata })],
  ['AdapterConfigMap', 'ConfigMap', (s) => new lib.AdapterConfigMap(s, 'x', { name: 'm', namespace: 'llm', baseModel: 'm', adapters: ['a'], metadata })],
  ['ApiKeyPolicy', 'APIMExtensionPolicy', (s) => new lib.ApiKeyPolicy(s, 'x', { name: 'm', namespace: 'llm', gateway, metadata })],
  ['RayNetworkPolicy', 'NetworkPolicy', (s) => new lib.RayNetworkPolicy(s, 'x', { name: 'm', namespace: 'llm', rayService, proxySubnetRange: '10.129.0.0/23', metadata })],
  ['RayEgressPolicy', 'NetworkPolicy', (s) => new lib.RayEgressPolicy(s, 'x', { name: 'm', namespace: 'llm', rayService, metadata })],
  ['RouterExtension', 'GCPRoutingExtension', (s) => new lib.RouterExtension(s, 'x', { name: 'm', namespace: 'llm', gateway, serviceName: 'router', port: 9004, metadata })],
  ['ModelCacheFill', 'Job', (s) => new lib.ModelCacheFill(s, 'x', { name: 'm', namespace: 'llm', bucket: 'b1', source: 'o/m', metadata })],
  ['RouterHealthCheck', 'HealthCheckPolicy', (s) => new lib.RouterHealthCheck(s, 'x', { name: 'm', namespace: 'llm', serviceName: 'router', port: 9005, metadata })],
];

describe.each(CASES)('%s', (_name, kind, make) => {
  test(`generates one ${kind} with the given labels and annotations, exposed as apiObject`, () => {
    const chart = Testing.chart();
    const construct = make(chart);
    const objects = Testing.synth(chart);
    expect(objects.map((o) => o.kind)).toEqual([kind]);
    expect(objects[0].metadata.labels).toMatchObject(metadata.labels);
    expect(objects[0].metadata.annotations).toMatchObject(metadata.annotations);
    expect(construct.apiObject.kind).toBe(kind);
    expect(construct.apiObject.name).toBe(objects[0].metadata.name);
  });
});

test('the construct\'s own labels win over metadata labels of the same key (the router finds its ConfigMaps by it)', () => {
  const chart = Testing.chart();
  new lib.AdapterConfigMap(chart, 'x', { name: 'm', namespace: 'llm', baseModel: 'm', adapters: ['a'], metadata: { labels: { 'inference.networking.k8s.io/bbr-managed': 'false', 'team': 'a' } } });
  expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'inference.networking.k8s.io/bbr-managed': 'true', 'team': 'a' });
});

test('a network policy built from a RayLlmService selects that service\'s pods', () => {
  const chart = Testing.chart();
  const llm = new lib.RayLlmService(chart, 'llm', { modelId: 'm', source: 'm', name: 'gemma' });
  new lib.RayNetworkPolicy(chart, 'np', { name: 'gemma-ray', namespace: 'llm', rayService: llm, proxySubnetRange: '10.129.0.0/23' });
  const policy = Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy');
  expect(policy.spec.podSelector).toEqual({ matchLabels: { 'ray-llm-gateway/ray-service': 'gemma' } });
});
