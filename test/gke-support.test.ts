/** What GKE supports per GatewayClass: refused combinations, warnings, the router's extension, addresses, URL-map size. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { crdSchemaErrors } from './support/crd-schemas';
import { manyModels } from './support/lists';
import { listProblems, planAnyList } from './support/problems';
import { App, Chart } from 'cdk8s';
import { RouterExtension } from '../lib/constructs/router-extension';
import { ModelGateway } from '../lib/constructs/gateway';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { clusterSteps } from '../lib/plan/cluster-steps';
import { K8sObject, ofKind, ROOT, synthFiles, synthObjects } from './support/synth';
import { GATEWAY_CLASSES, gatewayClassFacts, gkeSupportTable } from '../lib/facts/gateway-classes';
import { estimateUrlMapBytes } from '../lib/plan/url-map-size';
import { routerValues } from '../lib/plan/router-values';

const model = { id: 'a', source: 'org/a' };
const multiRegion = loadModelList(path.join(ROOT, 'examples', 'multi-region.yaml')) as any;
const RILB_REPORT = 'kubernetes-sigs/gateway-api conformance/reports/v1.1.0/gke-gateway/standard-1.30.3-rilb-report.yaml';

describe('the capability table', () => {
  test('covers exactly the classes the project accepts, each cell with a source', () => {
    expect(GATEWAY_CLASSES.map((c) => c.name)).toEqual([
      'gke-l7-rilb', 'gke-l7-regional-external-managed', 'gke-l7-global-external-managed', 'gke-l7-gxlb',
      'gke-l7-cross-regional-internal-managed-mc', 'gke-l7-global-external-managed-mc', 'gke-l7-regional-external-managed-mc', 'gke-l7-rilb-mc', 'gke-l7-gxlb-mc',
    ]);
    for (const c of GATEWAY_CLASSES) {
      for (const key of ['certificateSecret', 'certificateMap', 'headerMatch', 'weights', 'urlRewrite', 'redirect', 'ruleTimeouts', 'routingExtension'] as const) {
        expect(c[key].source).toMatch(/https:\/\/cloud\.google\.com\/|conformance\/reports/);
      }
      expect(c.backendKind).toBe(c.clusters === 'multi' ? 'ServiceImport' : 'Service');
    }
  });

  test('facts from the sources: regional router only, no timeouts in the reports, maps only on GFEs, 64 KB classic', () => {
    const rilb = gatewayClassFacts('gke-l7-rilb')!;
    expect([rilb.reach, rilb.exposure, rilb.clusters]).toEqual(['regional', 'internal', 'single']);
    expect(rilb.ruleTimeouts).toEqual({ support: 'unsupported', source: `${RILB_REPORT} (HTTPRouteRequestTimeout unsupported)` });
    expect(rilb.routingExtension.support).toBe('supported');
    expect(rilb.certificateMap.support).toBe('unsupported');
    expect(gatewayClassFacts('gke-l7-global-external-managed')!.certificateMap.support).toBe('supported');
    expect(gatewayClassFacts('gke-l7-gxlb')!.routingExtension.support).toBe('unsupported');
    expect(gatewayClassFacts('gke-l7-gxlb')!.urlMapLimitBytes).toBe(65536);
    expect(gatewayClassFacts('gke-l7-global-external-managed')!.urlMapLimitBytes).toBeUndefined();
    // GKE documents the routing extension for the regional single-cluster classes only; Google's CRD takes no ServiceImport.
    expect(GATEWAY_CLASSES.filter((c) => c.routingExtension.support === 'supported').map((c) => c.name)).toEqual(['gke-l7-rilb', 'gke-l7-regional-external-managed']);
    for (const c of GATEWAY_CLASSES.filter((x) => x.clusters === 'multi')) expect(c.routingExtension.support).toBe('unsupported');
    expect(gatewayClassFacts('gke-l7-cross-regional-internal-managed-mc')!.reach).toBe('cross-regional');
    expect(gatewayClassFacts('gke-l7-nope')).toBeUndefined();
  });

  test('the "GKE support" table of docs/multi-region-and-gke-classes.md is the one generated from the facts', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'multi-region-and-gke-classes.md'), 'utf8');
    expect(readme).toContain(gkeSupportTable());
    expect(gkeSupportTable()).toContain('| `gke-l7-rilb` | regional internal, single-cluster | yes | no | yes | yes | unknown | yes | no | yes | Service | 1 MB |');
  });
});

describe('refused combinations name the field, the class and the source', () => {
  test('a certificate map on the regional default class', () => {
    expect(listProblems({ gateway: { tls: { certificateMap: 'llm-map' } }, models: [model] })).toEqual([
      'gateway: className "gke-l7-rilb" does not support certificate map (gateway.tls.certificateMap); source: https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway',
    ]);
  });

  test('rule timeouts on every class whose conformance report lists them unsupported', () => {
    for (const className of ['gke-l7-rilb', 'gke-l7-regional-external-managed', 'gke-l7-global-external-managed']) {
      expect(listProblems({ gateway: { className, ruleTimeouts: true }, models: [model] })).toEqual([
        expect.stringMatching(new RegExp(`^gateway: className "${className}" does not support rule timeouts \\(gateway.ruleTimeouts\\); source: kubernetes-sigs/gateway-api conformance/reports/.*HTTPRouteRequestTimeout unsupported`)),
      ]);
    }
  });

  test('the classic load balancer cannot attach the router', () => {
    expect(listProblems({ gateway: { className: 'gke-l7-gxlb' }, models: [model] })).toEqual([
      'gateway: className "gke-l7-gxlb" does not support routing extension (gateway.bodyBasedRouting (the body-based router)); source: https://cloud.google.com/service-extensions/docs/lb-extensions-overview (no extensions on the classic Application Load Balancer)'
        + '. Set gateway.bodyBasedRouting: false: clients then name the model in the `X-Gateway-Model-Name` header (which the routes match), or call it by path with models[].pathPrefix',
    ]);
    expect(planModels({ gateway: { className: 'gke-l7-gxlb', bodyBasedRouting: false }, models: [model] }).models).toHaveLength(1);
  });

  test('every multi-cluster class refuses body-based routing, with the reason and the alternative', () => {
    for (const className of ['gke-l7-cross-regional-internal-managed-mc', 'gke-l7-global-external-managed-mc', 'gke-l7-regional-external-managed-mc', 'gke-l7-rilb-mc', 'gke-l7-gxlb-mc']) {
      const [problem] = listProblems({ gateway: { className }, clusters: [{ name: 'one', region: 'us-central1' }], models: [model] });
      expect(problem).toMatch(new RegExp(`^gateway: className "${className}" does not support routing extension .*accepts only a Service backend, not the ServiceImport.*Set gateway.bodyBasedRouting: false: clients then name the model in the \`X-Gateway-Model-Name\` header`));
    }
  });

  test('nothing is refused or warned for the default list shape', () => {
    expect(planModels({ models: [model] }).warnings).toEqual([]);
    expect(planModels({ gateway: { tls: { certificateSecret: 'tls' } }, models: [model, { id: 'b', source: 'org/b', canary: { weight: 10 } }] }).warnings).toEqual([]);
  });
});

describe('unknown support gives warnings', () => {
  test('a path prefix (URL rewrite) on rilb, the router on a global class', () => {
    expect(planModels({ models: [{ ...model, pathPrefix: '/a' }] }).warnings).toEqual([
      `gateway className "gke-l7-rilb": support for URL rewrite (models[].pathPrefix) is unknown; source: ${RILB_REPORT} lists HTTPRoutePathRewrite unsupported (ReplaceFullPath and ReplacePrefixMatch tested together)`,
    ]);
    expect(planModels({ gateway: { className: 'gke-l7-global-external-managed' }, models: [model] }).warnings).toEqual([
      expect.stringMatching(/^gateway className "gke-l7-global-external-managed": support for routing extension \(gateway.bodyBasedRouting \(the body-based router\)\) is unknown; source: /),
    ]);
  });

  test('a certificate Secret and the redirect on the cross-regional class', () => {
    const warnings = planModels({ ...multiRegion, gateway: { ...multiRegion.gateway, tls: { certificateSecret: 'tls' } } }).warnings!;
    expect(warnings.map((w) => w.replace(/; source: .*/, ''))).toEqual([
      'gateway className "gke-l7-cross-regional-internal-managed-mc": support for TLS Secret (gateway.tls.certificateSecret) is unknown',
      'gateway className "gke-l7-cross-regional-internal-managed-mc": support for redirect (gateway.tls.http: redirect) is unknown',
    ]);
  });

  test('synth prints them on stderr and still writes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gke-support-'));
    const list = path.join(dir, 'models.yaml');
    fs.writeFileSync(list, 'models:\n  - id: a\n    source: org/a\n    pathPrefix: /a\n');
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, MODELS_FILE: list, CDK8S_OUTDIR: path.join(dir, 'out') },
    });
    expect(result.stderr).toContain(`${list}: warning: gateway className "gke-l7-rilb": support for URL rewrite (models[].pathPrefix) is unknown`);
    expect(result.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out', 'default', 'gateway.k8s.yaml'))).toBe(true);
  });
});

describe('no router on multi-cluster Gateways; the RouterExtension construct writes what Google\'s CRD accepts', () => {
  const files = synthFiles(multiRegion);
  const all = Object.values(files).flat();

  test('the multi-region example installs no router: no GCPRoutingExtension, no router export or health check, no helm step', () => {
    expect(all.filter((o) => o.kind === 'GCPRoutingExtension' || o.metadata.name === 'body-based-router')).toEqual([]);
    const steps = clusterSteps(clusterPlan(planModels(multiRegion), 'deploy/router-values.yaml'));
    expect(steps.filter((s) => s.id.startsWith('router:'))).toEqual([]);
    // The routes still match the header clients send.
    const [route] = ofKind(files['us-central/default/gateway.k8s.yaml'], 'HTTPRoute');
    expect(route.spec.rules[0].matches[0].headers).toEqual([{ type: 'Exact', name: 'X-Gateway-Model-Name', value: 'gemma-2b-it' }]);
  });

  test('one cluster keeps the chart\'s own extension (Service backend); bodyBasedRouting: false drops the router step', () => {
    expect(routerValues(planModels({ models: [model] })).provider).toEqual({ name: 'gke' });
    expect(synthObjects({ models: [model] }).filter((o) => ['GCPRoutingExtension', 'ServiceExport'].includes(o.kind))).toEqual([]);
    const ids = (list: unknown) => clusterSteps(clusterPlan(planAnyList(list), 'deploy/router-values.yaml')).map((s) => s.id);
    expect(ids({ models: [model] })).toContain('router:{cluster}');
    expect(ids({ gateway: { bodyBasedRouting: false }, models: [model] }).filter((id) => id.startsWith('router:'))).toEqual([]);
  });

  test('RouterExtension: a Service backend that passes the real CRD; the CRD refuses a ServiceImport', () => {
    const chart = new Chart(new App(), 'test');
    const extension = new RouterExtension(chart, 'Router', { name: 'r', namespace: 'default', gateway: ModelGateway.fromName('g'), serviceName: 'body-based-router', port: 9004 });
    const [object] = chart.toJson();
    expect(object.spec.extensionChains[0].extensions[0].backendRef).toEqual({ group: '', kind: 'Service', name: 'body-based-router', port: 9004 });
    expect(extension.apiObject.kind).toBe('GCPRoutingExtension');
    expect(crdSchemaErrors(object)).toEqual([]);
    const withBackend = (backendRef: unknown) => ({ ...object, spec: { ...object.spec, extensionChains: [{ ...object.spec.extensionChains[0], extensions: [{ ...object.spec.extensionChains[0].extensions[0], backendRef }] }] } });
    expect(crdSchemaErrors(withBackend({ group: 'net.gke.io', kind: 'ServiceImport', name: 'r', port: 9004 })).join('\n')).toMatch(/kind|group/);
    expect(crdSchemaErrors({ ...object, spec: { ...object.spec, gatewayName: 'x' } })).not.toEqual([]);
  });
});

describe('addresses', () => {
  const gatewayOf = (list: unknown) => synthObjects(list).find((o) => o.kind === 'Gateway') as K8sObject;

  test('a cross-regional Gateway requests an address in every region of the list\'s clusters, once each', () => {
    const list = { ...multiRegion, clusters: [...multiRegion.clusters, { name: 'us-central-2', region: 'us-central1', proxySubnetRange: '192.168.10.0/24' }] };
    const gateway = gatewayOf(list);
    expect(gateway.spec.addresses).toEqual([
      { type: 'networking.gke.io/ephemeral-ipv4-address/us-central1', value: 'us-central1' },
      { type: 'networking.gke.io/ephemeral-ipv4-address/europe-west4', value: 'europe-west4' },
    ]);
    expect(crdSchemaErrors(gateway)).toEqual([]);
  });

  test('other classes request none', () => {
    expect(gatewayOf({ models: [model] }).spec.addresses).toBeUndefined();
    expect(gatewayOf({ ...multiRegion, gateway: { className: 'gke-l7-global-external-managed-mc', bodyBasedRouting: false } }).spec.addresses).toBeUndefined();
  });
});

describe('URL-map size', () => {
  test('the estimate counts each rule, match and backend', () => {
    // 1024 base + rule 200 + "/" 1 + match 60 + "X-Gateway-Model-Name" 20 + "a" 1 + backend 220 + "a-serve-svc" 11 + "default" 7
    expect(estimateUrlMapBytes(planModels({ models: [model], gateway: { modelList: false } }))).toBe(1544);
    // GET /v1/models: rule 200 + "/v1/models" 10 (no header match) + backend 220 + "ray-multi-model-gateway-models" 30 + "default" 7 = 467
    expect(estimateUrlMapBytes(planModels({ models: [model] }))).toBe(1544 + 467);
  });

  test('past 64 KB the classic class is refused (besides its missing router); below it, no size problem', () => {
    const gxlb = (count: number) => listProblems({ ...manyModels(count), gateway: { className: 'gke-l7-gxlb' } });
    expect(gxlb(100).filter((p) => p.includes('URL map'))).toEqual([]);
    // 1024 + 150 x (200 + 1 + 60 + 20 + 220 + 7 + 10) + 2 x (10 x 7 + 90 x 8 + 50 x 9) id characters = 81204 bytes: 80 KB
    expect(gxlb(150).filter((p) => p.includes('URL map'))).toEqual([
      'gateway: the routes of Gateway "ray-multi-model-gateway" need about 80 KB of URL map; className "gke-l7-gxlb" allows 64 KB (source: https://cloud.google.com/load-balancing/docs/url-map-size-quota); use fewer models or aliases, or another class',
    ]);
  });

  test('classes without a documented per-Gateway limit accept 1000 models', () => {
    expect(planModels(manyModels(1000)).warnings).toEqual([]);
  });
});
