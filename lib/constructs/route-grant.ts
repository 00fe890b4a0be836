/**
 * RouteGrant: a Gateway API ReferenceGrant in a team's namespace that lets the HTTPRoutes of the
 * Gateway's namespace reach exactly the named Services here — no other kind, name or namespace.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ReferenceGrant } from '../../imports/gateway.networking.k8s.io';
import { BackendKind, SERVICE_BACKEND } from '../facts/backend-kind';
import { objectMetadata, ResourceProps } from './metadata';

export interface RouteGrantProps extends ResourceProps {
  readonly name: string;
  /** The team's namespace (where the Services are). */
  readonly namespace: string;
  /** The namespace whose HTTPRoutes may refer here (the Gateway's). */
  readonly routeNamespace: string;
  /** The Services the routes may reach, by name. */
  readonly serviceNames: string[];
  /**
   * Whether those are Services or (multi-cluster) ServiceImports.
   * @default Service
   */
  readonly backendKind?: BackendKind;
}

export class RouteGrant extends Construct {
  /** The generated object (the same as `grant`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /**
   * The generated ReferenceGrant (TypeScript only; every language has `apiObject`).
   * @jsii ignore
   */
  public readonly grant: ReferenceGrant;

  constructor(scope: Construct, id: string, props: RouteGrantProps) {
    super(scope, id);
    this.grant = new ReferenceGrant(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: props.routeNamespace }],
        to: props.serviceNames.map((name) => ({ ...(props.backendKind ?? SERVICE_BACKEND), name })),
      },
    });
    this.apiObject = this.grant;
  }
}
