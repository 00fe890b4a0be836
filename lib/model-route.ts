/**
 * ModelRoute: the HTTPRoute that sends each model's requests to its serve Service, matching the
 * header the body-based router copies from the request body's `model` field.
 */
import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRules,
  HttpRouteSpecRulesMatchesHeadersType,
  HttpRouteSpecRulesMatchesPathType,
} from '../imports/gateway.networking.k8s.io';
import { SERVE_PORT } from './ray-llm-service';

/**
 * The header the body-based router (gateway-api-inference-extension v1.4.0) sets to the body's
 * `model`. Fixed in the router's request handler, so a constant here, not a setting.
 */
export const MODEL_NAME_HEADER = 'X-Gateway-Model-Name';

/** Rules one HTTPRoute may hold (Gateway API). */
export const MAX_ROUTE_RULES = 16;

/** One model's way in: the header value clients' `model` becomes, and where it goes. */
export interface ModelBackend {
  /** Exact value of `X-Gateway-Model-Name` (the model id). */
  readonly modelId: string;
  /** The serve Service of the model's RayService. */
  readonly serviceName: string;
  /**
   * Port of the serve Service.
   * @default 8000
   */
  readonly port?: number;
}

export interface ModelRouteProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway the route attaches to (same namespace). */
  readonly gatewayName: string;
  /** One rule each, in this order. At most 16. */
  readonly backends: readonly ModelBackend[];
}

export class ModelRoute extends Construct {
  public readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: ModelRouteProps) {
    super(scope, id);
    if (props.backends.length === 0 || props.backends.length > MAX_ROUTE_RULES) {
      throw new Error(`ModelRoute ${props.name}: backends must hold 1 to ${MAX_ROUTE_RULES} models, got ${props.backends.length}`);
    }
    this.route = new HttpRoute(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        parentRefs: [{ name: props.gatewayName }],
        rules: props.backends.map(modelRule),
      },
    });
  }
}

function modelRule(backend: ModelBackend): HttpRouteSpecRules {
  return {
    matches: [
      {
        headers: [{ type: HttpRouteSpecRulesMatchesHeadersType.EXACT, name: MODEL_NAME_HEADER, value: backend.modelId }],
        path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' },
      },
    ],
    backendRefs: [{ kind: 'Service', name: backend.serviceName, port: backend.port ?? SERVE_PORT }],
  };
}
