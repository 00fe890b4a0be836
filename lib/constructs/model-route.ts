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
import { SERVE_PORT } from './ray-llm-service';
import { MAX_ROUTE_MATCHES, MAX_ROUTE_RULES, RulePlan } from '../plan/route-plan';

export interface ModelRouteProps {
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
  readonly rules: readonly RulePlan[];
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
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        parentRefs: [{ name: props.gatewayName, ...(props.listenerName ? { sectionName: props.listenerName } : {}) }],
        ...(props.hostnames && props.hostnames.length > 0 ? { hostnames: [...props.hostnames] } : {}),
        rules,
      },
    });
  }
}

function renderMatches(rule: RulePlan): HttpRouteSpecRulesMatches[] {
  const path = { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: rule.pathPrefix };
  if (!rule.header) return [{ path }];
  return rule.headerValues.map((value) => ({
    headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: rule.header!, value }],
    path,
  }));
}

function renderRule(rule: RulePlan): HttpRouteSpecRules {
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
