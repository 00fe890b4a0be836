/**
 * The route table of a synthesized dist/: from the Kubernetes objects alone, which name (the
 * OpenAI `model` a client sends, or a path) reaches which Service, and what is wrong with it.
 *
 * It simulates the two hops a request takes: the body-based router (gateway-api-inference-extension
 * v1.4.0) sets `X-Gateway-Model-Name` (and `X-Gateway-Base-Model-Name` for LoRA adapters) from the
 * body's `model`, then the Gateway picks one HTTPRoute rule by Gateway API matching and precedence.
 * Pure functions: objects in, table out; reading files is the caller's job (scripts/routes.ts).
 */
export type { AdapterList, GatewayInfo, HeaderMatch, HttpRouteInfo, PathMatch, PathRewrite, ProblemKind, ReferenceGrantInfo, RouteMatch, RouteProblem, RouteRuleInfo, RoutingObjects, RuleBackendRef, ServingRayService } from './types';
export { readRoutingObjects } from './read';
export type { Resolution, RouteRequest, WeightedBackend } from './resolve';
export { resolveRequest } from './resolve';
export type { NameKind, RouteTable, RouteTableEntry } from './table';
export { buildRouteTable } from './table';
export { formatRouteTable } from './format';
