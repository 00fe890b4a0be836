/**
 * ModelRoute: one HTTPRoute of model rules — exact header matches on the name the body-based
 * router copies from the request body, path prefixes rewritten to `/`, weighted backends for
 * canaries — all sending to serve Services on port 8000.
 */
import { ApiObject, Lazy } from 'cdk8s';
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
import { BackendKind, SERVICE_BACKEND } from '../facts/backend-kind';
import { MODEL_NAME_HEADER } from '../facts/router';
import { IModelGateway } from './gateway';
import { IServeBackend } from './ray-llm-service-props';
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
  /**
   * The Service's port.
   * @default 8000 (Ray Serve)
   */
  readonly port?: number;
}

/** One HTTPRoute rule. */
export interface ModelRouteRule {
  /**
   * Header whose exact values (`headerValues`, one match each) the rule matches.
   * @default none (the rule matches by path alone)
   */
  readonly header?: string;
  readonly headerValues: string[];
  /** PathPrefix the rule matches; `/` with headers. */
  readonly pathPrefix: string;
  /** Rewrite the matched prefix to `/` (path-prefix rules). */
  readonly rewriteToRoot: boolean;
  readonly backends: ModelRouteBackend[];
  /**
   * `timeouts.request` in seconds.
   * @default none written
   */
  readonly timeoutSeconds?: number;
}

/** How `addModel` routes a model. */
export interface AddModelOptions {
  /**
   * `timeouts.request` of the model's rule, in seconds.
   * @default none written (the backend policy's timeout applies)
   */
  readonly timeoutSeconds?: number;
  /**
   * Also answer requests under this path prefix (rewritten to `/`), for clients that cannot send a body's `model`.
   * @default no path rule
   */
  readonly pathPrefix?: string;
}

export interface ModelRouteProps extends ResourceProps {
  /**
   * The HTTPRoute's name.
   * @default a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /**
   * The HTTPRoute's namespace (the Gateway's: listeners allow routes of their own namespace).
   * @default the Gateway's namespace, else the chart's
   */
  readonly namespace?: string;
  /** The Gateway the route attaches to: a ModelGateway, or `ModelGateway.fromName(...)`. */
  readonly gateway: IModelGateway;
  /**
   * The Gateway listener the route attaches to.
   * @default every listener
   */
  readonly listenerName?: string;
  /**
   * Host names the route answers.
   * @default any host
   */
  readonly hostnames?: string[];
  /**
   * Rules written out; `addModel()` and `addRule()` add more. At most 16 with at most 128 matches in all.
   * @default none (add models with `addModel`)
   */
  readonly rules?: ModelRouteRule[];
}

export class ModelRoute extends Construct {
  /** The generated object (the same as `route`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /**
   * The generated HTTPRoute (TypeScript only; every language has `apiObject`).
   * @jsii ignore
   */
  public readonly route: HttpRoute;
  private readonly rules: ModelRouteRule[];
  private readonly namespace?: string;

  constructor(scope: Construct, id: string, props: ModelRouteProps) {
    super(scope, id);
    this.rules = [...(props.rules ?? [])];
    this.namespace = props.namespace ?? props.gateway.gatewayNamespace;
    this.route = new HttpRoute(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: this.namespace }, props.metadata),
      spec: {
        parentRefs: [{ name: props.gateway.gatewayName, ...(props.listenerName ? { sectionName: props.listenerName } : {}) }],
        ...(props.hostnames && props.hostnames.length > 0 ? { hostnames: [...props.hostnames] } : {}),
        rules: Lazy.any({ produce: () => this.renderRules() }),
      },
    });
    this.apiObject = this.route;
    // Rules given as props are checked now (errors at construction); added ones when synthesized.
    if (this.rules.length > 0) this.renderRules();
  }

  /**
   * Routes a model: requests whose `model` (copied by the body-based router into header
   * `X-Gateway-Model-Name`) is exactly the service's modelId go to its serve Service on port 8000.
   */
  public addModel(service: IServeBackend, options: AddModelOptions = {}): void {
    if (service.modelId === undefined) {
      throw new Error(`ModelRoute ${this.node.path}: addModel needs the service's modelId (give it to ServeBackend.fromName)`);
    }
    const backends: ModelRouteBackend[] = [{
      serviceName: service.serveServiceName,
      kind: service.kind ?? SERVICE_BACKEND,
      ...(service.serveNamespace !== undefined && service.serveNamespace !== this.namespace ? { namespace: service.serveNamespace } : {}),
    }];
    const common = { backends, timeoutSeconds: options.timeoutSeconds };
    this.addRule({ header: MODEL_NAME_HEADER, headerValues: [service.modelId], pathPrefix: '/', rewriteToRoot: false, ...common });
    if (options.pathPrefix) this.addRule({ headerValues: [], pathPrefix: options.pathPrefix, rewriteToRoot: true, ...common });
  }

  /** Adds one rule as written. */
  public addRule(rule: ModelRouteRule): void {
    this.rules.push(rule);
  }

  private renderRules(): HttpRouteSpecRules[] {
    const rules = this.rules.map(renderRule);
    const matches = rules.reduce((sum, rule) => sum + (rule.matches?.length ?? 0), 0);
    if (rules.length === 0 || rules.length > MAX_ROUTE_RULES || matches > MAX_ROUTE_MATCHES) {
      throw new Error(`ModelRoute ${this.route.name}: ${rules.length} rules and ${matches} matches; an HTTPRoute holds 1 to ${MAX_ROUTE_RULES} rules and at most ${MAX_ROUTE_MATCHES} matches`);
    }
    return rules;
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
      port: b.port ?? SERVE_PORT,
      ...(b.weight === undefined ? {} : { weight: b.weight }),
    })),
    ...(rule.timeoutSeconds === undefined ? {} : { timeouts: { request: `${rule.timeoutSeconds}s` } }),
  };
}
