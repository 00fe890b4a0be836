/** TLS termination at the Gateway: listeners, certificates, redirect, hostnames, and bad combinations. */
import { ModelListError } from '../lib';
import { ofKind, synthObjects } from './support/synth';
import { buildRouteTable, readRoutingObjects, resolveRequest } from '../scripts/route-table';
import { planAnyList } from './support/problems';

const models = [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }];
const withTls = (tls: Record<string, unknown>, className = 'gke-l7-rilb') => synthObjects({ gateway: { className, tls }, models });

function problems(tls: unknown): string[] {
  try {
    planAnyList({ gateway: { tls }, models });
  } catch (error) {
    return [...(error as ModelListError).problems];
  }
  throw new Error('accepted');
}

test('a TLS Secret: HTTPS listener on 443 terminating with it, port 80 kept for the redirect', () => {
  const objects = withTls({ certificateSecret: 'llm-tls' });
  expect(ofKind(objects, 'Gateway')[0].spec.listeners).toEqual([
    { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
    { name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'Same' } }, tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'llm-tls' }] } },
  ]);
  const [modelRoute, redirect] = ofKind(objects, 'HTTPRoute');
  expect(modelRoute.spec.parentRefs).toEqual([{ name: 'ray-multi-model-gateway', sectionName: 'https' }]);
  expect(redirect.metadata.name).toBe('ray-multi-model-route-https-redirect');
  expect(redirect.spec).toEqual({
    parentRefs: [{ name: 'ray-multi-model-gateway', sectionName: 'http' }],
    rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
  });
});

test('over HTTPS a model is served; over plain HTTP every request is redirected', () => {
  const routing = readRoutingObjects(withTls({ certificateSecret: 'llm-tls' }));
  const chat = { model: 'gemma-2b-it', path: '/v1/chat/completions' };
  expect(resolveRequest(routing, { ...chat, listener: 'https' }).backends.map((b) => b.service)).toEqual(['default/gemma-2b-it-serve-svc:8000']);
  expect(resolveRequest(routing, { ...chat, listener: 'http' }).rule?.redirect).toEqual({ scheme: 'https', statusCode: 301 });
  const table = buildRouteTable(withTls({ certificateSecret: 'llm-tls' }));
  expect(table.problems).toEqual([]);
  expect(table.entries.map((e) => [e.name, e.kind])).toEqual([['gemma-2b-it', 'model'], ['GET /v1/models', 'models'], ['GET /v1/models/{id}', 'models'], ['(listener http)', 'redirect']]);
});

test('a Certificate Manager map: the GKE annotation, no certificateRefs; hostnames on every route', () => {
  const objects = withTls({ certificateMap: 'llm-cert-map', hostnames: ['llm.example.com', '*.llm.example.com'] }, 'gke-l7-global-external-managed');
  const [gateway] = ofKind(objects, 'Gateway');
  expect(gateway.metadata.annotations).toEqual({ 'networking.gke.io/certmap': 'llm-cert-map' });
  expect(gateway.spec.listeners[1]).toEqual({ name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: { namespaces: { from: 'Same' } } });
  for (const route of ofKind(objects, 'HTTPRoute')) expect(route.spec.hostnames).toEqual(['llm.example.com', '*.llm.example.com']);
});

test('http: off drops port 80 and the redirect; http: serve routes both listeners', () => {
  const off = withTls({ certificateSecret: 'llm-tls', http: 'off' });
  expect(ofKind(off, 'Gateway')[0].spec.listeners.map((l: any) => l.name)).toEqual(['https']);
  expect(ofKind(off, 'HTTPRoute').map((r) => r.metadata.name)).toEqual(['ray-multi-model-route']);
  const serve = withTls({ certificateSecret: 'llm-tls', http: 'serve' });
  expect(ofKind(serve, 'HTTPRoute').map((r) => r.spec.parentRefs)).toEqual([[{ name: 'ray-multi-model-gateway' }]]);
});

test('without tls the Gateway is the seed\'s: one HTTP listener, routes on every listener', () => {
  const objects = synthObjects({ models });
  expect(ofKind(objects, 'Gateway')[0].spec.listeners.map((l: any) => l.name)).toEqual(['http']);
  expect(ofKind(objects, 'HTTPRoute')[0].spec.parentRefs).toEqual([{ name: 'ray-multi-model-gateway' }]);
});

test('bad combinations are errors', () => {
  expect(problems({})).toEqual(['gateway tls: the HTTPS listener needs a certificate: set certificateSecret (a TLS Secret) or certificateMap (Certificate Manager)']);
  expect(problems({ certificateSecret: 'a', certificateMap: 'b' })).toEqual(['gateway tls: set certificateSecret or certificateMap, not both (GKE rejects a Gateway with a certificate map and certificateRefs)']);
  expect(problems({ certificateSecret: 'a', http: 'https', hostnames: ['Bad_Host', 'ok.example.com', 'ok.example.com'], port: 8443 })).toEqual([
    'gateway tls: unknown field "port" (known: certificateSecret, certificateMap, hostnames, http)',
    'gateway tls: http must be one of redirect, off, serve (got "https")',
    'gateway tls: hostnames entry "Bad_Host" must be a lowercase DNS name of at most 253 characters, optionally starting with "*."',
    'gateway tls: hostnames lists "ok.example.com" twice',
  ]);
});
