/** HttpsRedirectRoute: answers every plain-HTTP request with a 301 to the same URL on https. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  HttpRoute,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
} from '../../imports/gateway.networking.k8s.io';
import { objectMetadata, ResourceProps } from './metadata';
import { IModelGateway } from './gateway';

export interface HttpsRedirectRouteProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway: a ModelGateway, or `ModelGateway.fromName(...)`. */
  readonly gateway: IModelGateway;
  /** The plain-HTTP listener. */
  readonly listenerName: string;
  /**
   * Host names to redirect.
   * @default any host
   */
  readonly hostnames?: string[];
}

export class HttpsRedirectRoute extends Construct {
  /** The generated object (the same as `route`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /**
   * The generated HttpRoute (TypeScript only; every language has `apiObject`).
   * @jsii ignore
   */
  public readonly route: HttpRoute;

  constructor(scope: Construct, id: string, props: HttpsRedirectRouteProps) {
    super(scope, id);
    this.route = new HttpRoute(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        parentRefs: [{ name: props.gateway.gatewayName, sectionName: props.listenerName }],
        ...(props.hostnames && props.hostnames.length > 0 ? { hostnames: [...props.hostnames] } : {}),
        rules: [{
          filters: [{
            type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
            requestRedirect: {
              scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
              statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
            },
          }],
        }],
      },
    });
    this.apiObject = this.route;
  }
}
