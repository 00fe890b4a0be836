/**
 * ModelRoute: one HTTPRoute of model rules — exact header matches on the name the body-based
 * router copies from the request body, path prefixes rewritten to `/`, weighted backends for
 * canaries — all sending to serve Services on port 8000.
 */
import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRules,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesFiltersUrlRewritePathType,
  HttpRouteSpecRulesMatches,
  HttpRouteSpecRulesMatchesHeadersType,
  HttpRouteSpecRulesMatchesPathType,
} from '../../imports/gateway.networking.k8s.io';
import { MAX_ROUTE_MATCHES, MAX_ROUTE_RULES } from '../facts/gateway-api';
import { BackendKind } from '../facts/backend-kind';
import { SERVE_PORT } from '../facts/ray';
import { objectMetadata, ResourceProps } from './metadata';

/** One backend of a rule: a serve Service and its share of the rule's requests. */
export interface ModelRouteBackend {
  readonly serviceName: string;
  /**
   * The Service's namespace, when it is not the route's.
   * @default the route's namespace
   */
  readonly namespace?: string;
  /** A Service, or (multi-cluster) a ServiceImport of that name. */
  readonly kind: BackendKind;
  /**
   * Percent of the rule's requests.
   * @default none written (a rule's only backend)
   */
  readonly weight?: number;
}

/** One HTTPRoute rule. */
export interface ModelRouteRule {
  /**
   * Header whose exact values (`headerValues`, one match each) the rule matches.
   * @default none (the rule matches by path alone)
   */
  readonly header?: string;
  readonly headerValues: readonly string[];
  /** PathPrefix the rule matches; `/` with headers. */
  readonly pathPrefix: string;
  /** Rewrite the matched prefix to `/` (path-prefix rules). */
  readonly rewriteToRoot: boolean;
  readonly backends: readonly ModelRouteBackend[];
  /**
   * `timeouts.request` in seconds.
   * @default none written
   */
  readonly timeoutSeconds?: number;
}

export interface ModelRouteProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway the route attaches to (same namespace). */
  readonly gatewayName: string;
  /**
   * The Gateway listener the route attaches to.
   * @default every listener
   */
  readonly listenerName?: string;
  /**
   * Host names the route answers.
   * @default any host
   */
  readonly hostnames?: readonly string[];
  /** The rules, at most 16 with fewer than 128 matches in all (see planRoutes). */
  readonly rules: readonly ModelRouteRule[];
}

export class ModelRoute extends Construct {
  public readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: ModelRouteProps) {
    super(scope, id);
    const rules = props.rules.map(renderRule);
    const matches = rules.reduce((sum, rule) => sum + (rule.matches?.length ?? 0), 0);
    if (rules.length === 0 || rules.length > MAX_ROUTE_RULES || matches > MAX_ROUTE_MATCHES) {
      throw new Error(`ModelRoute ${props.name}: ${rules.length} rules and ${matches} matches; an HTTPRoute holds 1 to ${MAX_ROUTE_RULES} rules and at most ${MAX_ROUTE_MATCHES} matches`);
    }
    this.route = new HttpRoute(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        parentRefs: [{ name: props.gatewayName, ...(props.listenerName ? { sectionName: props.listenerName } : {}) }],
        ...(props.hostnames && props.hostnames.length > 0 ? { hostnames: [...props.hostnames] } : {}),
        rules,
      },
    });
  }
}

function renderMatches(rule: ModelRouteRule): HttpRouteSpecRulesMatches[] {
  const path = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: rule.pathPrefix };
  if (!rule.header) return [{ path }];
  return rule.headerValues.map((value) => ({
    headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: rule.header!, value }],
    path,
  }));
}

function renderRule(rule: ModelRouteRule): HttpRouteSpecRules {
  return {
    matches: renderMatches(rule),
    ...(rule.rewriteToRoot
      ? {
        filters: [{
          type: HttpRouteSpecRulesFiltersType.URL_REWRITE,
          urlRewrite: { path: { type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH, replacePrefixMatch: '/' } },
        }],
      }
      : {}),
    backendRefs: rule.backends.map((b) => ({
      ...(b.kind.group === '' ? {} : { group: b.kind.group }),
      kind: b.kind.kind,
      name: b.serviceName,
      ...(b.namespace === undefined ? {} : { namespace: b.namespace }),
      port: SERVE_PORT,
      ...(b.weight === undefined ? {} : { weight: b.weight }),
    })),
    ...(rule.timeoutSeconds === undefined ? {} : { timeouts: { request: `${rule.timeoutSeconds}s` } }),
  };
}
