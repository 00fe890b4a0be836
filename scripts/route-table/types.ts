/** Route simulator: the small types the objects are read into. */
import { MAX_ROUTE_MATCHES } from '../../lib/facts/gateway-api';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** A route must have fewer matches than this across all its rules (Gateway API CEL rule). */
export const MATCH_LIMIT = MAX_ROUTE_MATCHES + 1;
/** The path every name is resolved with. */
export const CHAT_PATH = '/v1/chat/completions';
/** The model an unknown-model request sends, to resolve the catch-all rule. */
export const UNKNOWN_MODEL = 'no-such-model';

// ---------------------------------------------------------------------------------------------
// What the objects say, read into small types

/** A RayService: the serve Service KubeRay creates for it, and the model ids its llm_configs serve. */
export interface ServingRayService {
  /** `namespace/name` */
  readonly id: string;
  /** `namespace/<name>-serve-svc:8000` */
  readonly service: string;
  readonly models: readonly { readonly id: string; readonly lora: boolean }[];
}

/** A `GET /v1/models` responder: its Service and the names its list answers (its ConfigMap's models.json). */
export interface ModelListInfo {
  /** `namespace/name` of the ConfigMap (and of the Service, which has its name). */
  readonly id: string;
  /** `namespace/name:port` */
  readonly service: string;
  readonly ids: readonly string[];
}

/** A ConfigMap the body-based router reads: adapter names (as clients send them) -> base model. */
export interface AdapterList {
  /** `namespace/name` */
  readonly configMap: string;
  readonly baseModel: string;
  readonly adapters: readonly string[];
}

export interface HeaderMatch {
  readonly type: 'Exact' | 'RegularExpression';
  readonly name: string;
  readonly value: string;
}

export interface PathMatch {
  readonly type: 'PathPrefix' | 'Exact' | 'RegularExpression';
  readonly value: string;
}

export interface RouteMatch {
  readonly headers: readonly HeaderMatch[];
  readonly path: PathMatch;
  readonly method?: string;
  /** The match needs query parameters (simulated requests have none, so it never matches). */
  readonly queryParams: boolean;
}

export interface PathRewrite {
  readonly type: 'ReplacePrefixMatch' | 'ReplaceFullPath';
  readonly value: string;
}

export interface RuleBackendRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
  readonly weight: number;
}

export interface RouteRuleInfo {
  /** `namespace/name` of the HTTPRoute */
  readonly route: string;
  readonly index: number;
  readonly name?: string;
  readonly matches: readonly RouteMatch[];
  readonly rewrite?: PathRewrite;
  /** A RequestRedirect filter: the rule answers with a redirect instead of a backend. */
  readonly redirect?: { readonly scheme?: string; readonly statusCode: number };
  readonly backends: readonly RuleBackendRef[];
}

export interface HttpRouteInfo {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  readonly parents: readonly { readonly gateway: string; readonly sectionName?: string }[];
  readonly rules: readonly RouteRuleInfo[];
}

export interface GatewayInfo {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  /** Each listener's name, protocol and `allowedRoutes.namespaces.from` (default `Same`). */
  readonly listeners: readonly { readonly name: string; readonly protocol: string; readonly from: string }[];
}

export interface ReferenceGrantInfo {
  readonly namespace: string;
  readonly from: readonly { readonly group: string; readonly kind: string; readonly namespace: string }[];
  readonly to: readonly { readonly group: string; readonly kind: string; readonly name?: string }[];
}

export type ProblemKind =
  | 'invalid-object' // an object the table depends on cannot be read
  | 'detached-route' // a route no Gateway accepts
  | 'route-limits' // more rules or matches than Gateway API allows
  | 'duplicate' // the same name matched by two rules
  | 'dangling-backend' // a backendRef to no serve Service
  | 'unreachable' // a served model or adapter no rule sends anywhere
  | 'wrong-backend' // a served model or adapter sent to other Services than the ones serving it
  | 'adapter' // an adapter whose base model cannot serve it
  | 'unserved-name' // a model name a rule routes but no RayService serves: Ray Serve answers 404
  | 'model-list'; // the /v1/models responder lists other names than the routes serve, or /v1/models does not reach it

export interface RouteProblem {
  readonly kind: ProblemKind;
  readonly message: string;
}

/** Everything routing depends on, read from the objects. */
export interface RoutingObjects {
  readonly rayServices: readonly ServingRayService[];
  readonly adapterLists: readonly AdapterList[];
  /** `GET /v1/models` responders. */
  readonly modelLists: readonly ModelListInfo[];
  readonly gateways: readonly GatewayInfo[];
  readonly routes: readonly HttpRouteInfo[];
  readonly grants: readonly ReferenceGrantInfo[];
  /** `namespace/name` of every ServiceExport (multi-cluster Services: the config cluster's ServiceImport of that name reaches them). */
  readonly exports: readonly string[];
  /** Objects that could not be read. */
  readonly problems: readonly RouteProblem[];
}
