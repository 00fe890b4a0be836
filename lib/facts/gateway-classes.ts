/**
 * What GKE's Gateway controller supports, per GatewayClass: the facts table validation, constructs
 * and the README read. Every cell names where it comes from; `unknown` where no source says.
 *
 * Sources (short names used in the cells):
 * - CAPABILITIES: https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities
 * - EXTENSIONS: https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions
 *   ("GCPRoutingExtension ... is supported for regional external Application Load Balancer and regional
 *   internal Application Load Balancer"; "The GCPRoutingExtension resource is attached to a Gateway and
 *   references a Service"). Nothing found there (or elsewhere) documents it on a multi-cluster Gateway.
 * - ROUTING_CRD: Google's GCPRoutingExtension CRD (GoogleCloudPlatform/gke-gateway-api, in
 *   ../shared/crds/gke/networking.gke.io_gcproutingextensions.yaml, see SOURCES.md there): backendRef
 *   group "" and kind Service only, so it cannot name the ServiceImport of a multi-cluster backend
 *   (a real kube-apiserver rejects `kind: ServiceImport` with "supported values: Service").
 * - LB_EXTENSIONS: https://cloud.google.com/service-extensions/docs/lb-extensions-overview (route extensions:
 *   none for the classic Application Load Balancer; cross-region internal in Preview)
 * - Conformance reports, kubernetes-sigs/gateway-api `conformance/reports/`:
 *   v1.1.0/gke-gateway/standard-1.30.3-rilb-report.yaml (mode gke-l7-rilb),
 *   v1.1.0/gke-gateway/standard-1.30.3-rxlb-report.yaml (mode gke-l7-regional-external-managed),
 *   v1.1.0/gke-gateway/standard-1.30.3-gxlb-report.yaml (mode gke-l7-global-external-managed),
 *   v1.3.0/gke-gateway/standard-1.33.4-managed-gxlb-report.yaml (global external managed, GKE 1.33.4):
 *   all list HTTPRouteRequestTimeout and HTTPRoutePathRewrite as unsupported, HTTPRouteSchemeRedirect
 *   and HTTPRoutePathRedirect as supported, and pass Core (header matches, weights).
 * - URL_MAP: https://cloud.google.com/load-balancing/docs/url-map-size-quota ("Individual URL maps are
 *   limited to 1 MB ... with the exception of the classic Application Load Balancer, which retains its 64 KB limit")
 * - CERT_MAP: Certificate Manager maps are served by Google Front Ends only, i.e. global external and classic
 *   Application Load Balancers: https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway
 * - ADDRESSES: https://cloud.google.com/kubernetes-engine/docs/how-to/deploy-internal-multi-cluster-gateway
 *   (a cross-regional internal Gateway exposes a front end in each region it requests an address in:
 *   `type: networking.gke.io/ephemeral-ipv4-address/<region>`, `value: <region>`)
 */

export type Support = 'supported' | 'unsupported' | 'unknown';

/** One cell of the table. */
export interface Fact {
  readonly support: Support;
  /** Doc URL or conformance report it comes from (or why nothing says). */
  readonly source: string;
}

export interface GatewayClassFacts {
  readonly name: string;
  /** regional, global, or cross-regional (one VIP per requested region). */
  readonly reach: 'regional' | 'global' | 'cross-regional';
  readonly exposure: 'internal' | 'external';
  readonly clusters: 'single' | 'multi';
  /** HTTPS certificate from a Kubernetes Secret (`certificateRefs`). */
  readonly certificateSecret: Fact;
  /** HTTPS certificate from a Certificate Manager map (`networking.gke.io/certmap`). */
  readonly certificateMap: Fact;
  /** HTTPRoute features the model routing uses. */
  readonly headerMatch: Fact;
  readonly weights: Fact;
  readonly urlRewrite: Fact;
  readonly redirect: Fact;
  readonly ruleTimeouts: Fact;
  /** A GCPRoutingExtension (the body-based router) on the Gateway. */
  readonly routingExtension: Fact;
  /** Backend kind a route (and a policy) names: Service, or ServiceImport for `-mc` classes. */
  readonly backendKind: 'Service' | 'ServiceImport';
  /** Documented size limit of the Gateway's URL map in bytes, if there is one to enforce. */
  readonly urlMapLimitBytes?: number;
  readonly urlMapLimitSource: string;
}

const CAPABILITIES = 'https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities';
const EXTENSIONS = 'https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions';
const LB_EXTENSIONS = 'https://cloud.google.com/service-extensions/docs/lb-extensions-overview';
/** Why no multi-cluster class takes the router's extension. */
const NO_MC_EXTENSION = `${EXTENSIONS} lists GCPRoutingExtension for the regional single-cluster load balancers only, and Google's CRD (networking.gke.io_gcproutingextensions.yaml, GoogleCloudPlatform/gke-gateway-api) accepts only a Service backend, not the ServiceImport of a multi-cluster Gateway`;
const REPORTS = 'kubernetes-sigs/gateway-api conformance/reports';
const RILB_REPORT = `${REPORTS}/v1.1.0/gke-gateway/standard-1.30.3-rilb-report.yaml`;
const RXLB_REPORT = `${REPORTS}/v1.1.0/gke-gateway/standard-1.30.3-rxlb-report.yaml`;
const GXLB_REPORT = `${REPORTS}/v1.1.0/gke-gateway/standard-1.30.3-gxlb-report.yaml + v1.3.0/gke-gateway/standard-1.33.4-managed-gxlb-report.yaml`;
const URL_MAP = 'https://cloud.google.com/load-balancing/docs/url-map-size-quota';
const CERT_MAP = 'https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway';

/** The documented URL-map limit of the classic Application Load Balancer. */
export const CLASSIC_URL_MAP_LIMIT_BYTES = 64 * 1024;

const yes = (source: string): Fact => ({ support: 'supported', source });
const no = (source: string): Fact => ({ support: 'unsupported', source });
const unknown = (source: string): Fact => ({ support: 'unknown', source });

/** HTTPRoute cells from a conformance report (for `-mc` classes: their single-cluster load balancer's). */
function routeFacts(report: string | undefined) {
  if (!report) {
    const none = `no conformance report for this class (${REPORTS})`;
    return {
      headerMatch: yes(`Gateway API Core; ${CAPABILITIES}`),
      weights: yes(`Gateway API Core; ${CAPABILITIES}`),
      urlRewrite: unknown(none),
      redirect: unknown(none),
      ruleTimeouts: unknown(none),
    };
  }
  return {
    headerMatch: yes(`${report} (Core passed)`),
    weights: yes(`${report} (Core passed)`),
    // The reports list HTTPRoutePathRewrite unsupported, but that feature covers ReplaceFullPath too;
    // users report ReplacePrefixMatch (what pathPrefix uses) working: unproven, so unknown.
    urlRewrite: unknown(`${report} lists HTTPRoutePathRewrite unsupported (ReplaceFullPath and ReplacePrefixMatch tested together)`),
    redirect: yes(`${report} (HTTPRouteSchemeRedirect, HTTPRoutePathRedirect supported)`),
    ruleTimeouts: no(`${report} (HTTPRouteRequestTimeout unsupported)`),
  };
}

const noUrlMapLimit = { urlMapLimitSource: `${URL_MAP} (1 MB per URL map; not enforced here)` };

/** Every class the project accepts, single-cluster first. */
export const GATEWAY_CLASSES: readonly GatewayClassFacts[] = [
  {
    name: 'gke-l7-rilb', reach: 'regional', exposure: 'internal', clusters: 'single',
    certificateSecret: yes(CAPABILITIES), certificateMap: no(CERT_MAP),
    ...routeFacts(RILB_REPORT),
    routingExtension: yes(EXTENSIONS), backendKind: 'Service', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-regional-external-managed', reach: 'regional', exposure: 'external', clusters: 'single',
    certificateSecret: yes(CAPABILITIES), certificateMap: no(CERT_MAP),
    ...routeFacts(RXLB_REPORT),
    routingExtension: yes(EXTENSIONS), backendKind: 'Service', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-global-external-managed', reach: 'global', exposure: 'external', clusters: 'single',
    certificateSecret: yes(CAPABILITIES), certificateMap: yes(CERT_MAP),
    ...routeFacts(GXLB_REPORT),
    // GKE's page names only the regional load balancers; Cloud Load Balancing lists route extensions for global external.
    routingExtension: unknown(`${EXTENSIONS} names regional load balancers only; ${LB_EXTENSIONS}`), backendKind: 'Service', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-gxlb', reach: 'global', exposure: 'external', clusters: 'single',
    certificateSecret: yes(CAPABILITIES), certificateMap: yes(CERT_MAP),
    ...routeFacts(undefined),
    routingExtension: no(`${LB_EXTENSIONS} (no extensions on the classic Application Load Balancer)`), backendKind: 'Service',
    urlMapLimitBytes: CLASSIC_URL_MAP_LIMIT_BYTES, urlMapLimitSource: URL_MAP,
  },
  {
    name: 'gke-l7-cross-regional-internal-managed-mc', reach: 'cross-regional', exposure: 'internal', clusters: 'multi',
    certificateSecret: unknown(`not stated for multi-cluster Gateways in ${CAPABILITIES}`), certificateMap: no(CERT_MAP),
    ...routeFacts(undefined),
    // The load balancer takes route extensions (Preview, ${LB_EXTENSIONS}), but not through GKE's GCPRoutingExtension.
    routingExtension: no(NO_MC_EXTENSION),
    backendKind: 'ServiceImport', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-global-external-managed-mc', reach: 'global', exposure: 'external', clusters: 'multi',
    certificateSecret: unknown(`not stated for multi-cluster Gateways in ${CAPABILITIES}`), certificateMap: yes(CERT_MAP),
    ...routeFacts(GXLB_REPORT),
    routingExtension: no(NO_MC_EXTENSION), backendKind: 'ServiceImport', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-regional-external-managed-mc', reach: 'regional', exposure: 'external', clusters: 'multi',
    certificateSecret: unknown(`not stated for multi-cluster Gateways in ${CAPABILITIES}`), certificateMap: no(CERT_MAP),
    ...routeFacts(RXLB_REPORT),
    routingExtension: no(NO_MC_EXTENSION), backendKind: 'ServiceImport', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-rilb-mc', reach: 'regional', exposure: 'internal', clusters: 'multi',
    certificateSecret: unknown(`not stated for multi-cluster Gateways in ${CAPABILITIES}`), certificateMap: no(CERT_MAP),
    ...routeFacts(RILB_REPORT),
    routingExtension: no(NO_MC_EXTENSION), backendKind: 'ServiceImport', ...noUrlMapLimit,
  },
  {
    name: 'gke-l7-gxlb-mc', reach: 'global', exposure: 'external', clusters: 'multi',
    certificateSecret: unknown(`not stated for multi-cluster Gateways in ${CAPABILITIES}`), certificateMap: yes(CERT_MAP),
    ...routeFacts(undefined),
    routingExtension: no(`${LB_EXTENSIONS} (no extensions on the classic Application Load Balancer); ${NO_MC_EXTENSION}`), backendKind: 'ServiceImport',
    urlMapLimitBytes: CLASSIC_URL_MAP_LIMIT_BYTES, urlMapLimitSource: URL_MAP,
  },
];

/** The facts of a class, or undefined for a class the project does not accept. */
export function gatewayClassFacts(name: string): GatewayClassFacts | undefined {
  return GATEWAY_CLASSES.find((c) => c.name === name);
}

export const SINGLE_CLUSTER_CLASS_NAMES = GATEWAY_CLASSES.filter((c) => c.clusters === 'single').map((c) => c.name);
export const MULTI_CLUSTER_CLASS_NAMES = GATEWAY_CLASSES.filter((c) => c.clusters === 'multi').map((c) => c.name);
/** Multi-cluster classes whose load balancer is regional: every cluster in one region. */
export const REGIONAL_MULTI_CLUSTER_CLASS_NAMES = GATEWAY_CLASSES.filter((c) => c.clusters === 'multi' && c.reach === 'regional').map((c) => c.name);

/** Classes whose load balancer has proxies in every region of the Gateway, any of which may send to any cluster. */
export const CROSS_REGION_PROXY_CLASS_NAMES = GATEWAY_CLASSES.filter((c) => c.reach === 'cross-regional').map((c) => c.name);

/** The features the table covers, in README column order, with their model-list field. */
export const CLASS_FEATURES = [
  { key: 'certificateSecret', title: 'TLS Secret', field: 'gateway.tls.certificateSecret' },
  { key: 'certificateMap', title: 'certificate map', field: 'gateway.tls.certificateMap' },
  { key: 'headerMatch', title: 'header match', field: 'models[].id' },
  { key: 'weights', title: 'weights', field: 'models[].canary' },
  { key: 'urlRewrite', title: 'URL rewrite', field: 'models[].pathPrefix' },
  { key: 'redirect', title: 'redirect', field: 'gateway.tls.http: redirect' },
  { key: 'ruleTimeouts', title: 'rule timeouts', field: 'gateway.ruleTimeouts' },
  { key: 'routingExtension', title: 'routing extension', field: 'gateway.bodyBasedRouting (the body-based router)' },
] as const;

const MARK: Record<Support, string> = { supported: 'yes', unsupported: 'no', unknown: 'unknown' };

/** The "GKE support" table of docs/multi-region-and-gke-classes.md, from GATEWAY_CLASSES. */
export function gkeSupportTable(): string {
  const header = ['class', 'scope', ...CLASS_FEATURES.map((f) => f.title), 'route backend', 'URL-map limit'];
  const rows = GATEWAY_CLASSES.map((c) => [
    `\`${c.name}\``,
    `${c.reach} ${c.exposure}, ${c.clusters}-cluster`,
    ...CLASS_FEATURES.map((f) => MARK[c[f.key].support]),
    c.backendKind,
    c.urlMapLimitBytes ? `${c.urlMapLimitBytes / 1024} KB` : '1 MB',
  ]);
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

/**
 * GKE's address type for an ephemeral internal IPv4 address in one region: a cross-regional
 * internal Gateway gets a front end in each region it requests one in (ADDRESSES above).
 */
export function ephemeralAddressType(region: string): string {
  return `networking.gke.io/ephemeral-ipv4-address/${region}`;
}

/** The addresses a Gateway of this class requests for clusters in these regions (in first-seen order). */
export function gatewayAddresses(className: string, regions: readonly string[]): { type: string; value: string }[] {
  if (gatewayClassFacts(className)?.reach !== 'cross-regional') return [];
  return [...new Set(regions)].map((region) => ({ type: ephemeralAddressType(region), value: region }));
}
