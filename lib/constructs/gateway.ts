/** ModelGateway: the one Gateway every model is reached through, with plain HTTP and optional TLS. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Gateway, GatewaySpecListeners, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../../imports/gateway.networking.k8s.io';
import { MULTI_CLUSTER_CLASS_NAMES, SINGLE_CLUSTER_CLASS_NAMES } from '../facts/gateway-classes';
import { objectMetadata, ResourceProps } from './metadata';
import { DEFAULT_GATEWAY_CLASS, DEFAULT_HTTP_MODE } from '../list/defaults';

/** GKE's single-cluster GatewayClasses (the multi-cluster `-mc` classes need ServiceImport backends). */
export const GKE_GATEWAY_CLASSES = SINGLE_CLUSTER_CLASS_NAMES;

/** GKE's multi-cluster GatewayClasses: backends are ServiceImports of Services exported from the fleet. */
export const GKE_MULTI_CLUSTER_GATEWAY_CLASSES = MULTI_CLUSTER_CLASS_NAMES;

/** Listener names: routes attach to them by `sectionName`. */
export const HTTP_LISTENER_NAME = 'http';
export const HTTPS_LISTENER_NAME = 'https';
/** GKE's Gateway annotation naming a Certificate Manager certificate map. */
export const CERTIFICATE_MAP_ANNOTATION = 'networking.gke.io/certmap';

/** TLS at the Gateway: exactly one certificate source. */
export interface GatewayTls {
  /**
   * Secret (kind Secret, same namespace) holding the certificate. One of this or certificateMap.
   * @default none (certificateMap)
   */
  readonly certificateSecret?: string;
  /**
   * Certificate Manager map (annotation `networking.gke.io/certmap`). One of this or certificateSecret.
   * @default none (certificateSecret)
   */
  readonly certificateMap?: string;
  /**
   * Host names the routes answer (the list's `gateway.tls.hostnames`; give them to ModelRoute and
   * HttpsRedirectRoute as `hostnames`): the listeners themselves accept any host.
   * @default any host
   */
  readonly hostnames?: string[];
  /**
   * Plain HTTP: redirected to HTTPS, off, or served.
   * @default "redirect" (the list's default)
   */
  readonly http?: 'redirect' | 'off' | 'serve';
}

export interface ModelGatewayProps extends ResourceProps {
  /**
   * The Gateway's name.
   * @default a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /**
   * The Gateway's namespace.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * GatewayClass: one of GKE's (`GKE_GATEWAY_CLASSES`, `GKE_MULTI_CLUSTER_GATEWAY_CLASSES`).
   * @default 'gke-l7-rilb'
   */
  readonly className?: string;
  /**
   * TLS termination: an HTTPS listener on 443; port 80 kept, or removed with `http: off`.
   * @default none (plain HTTP only)
   */
  readonly tls?: GatewayTls;
  /**
   * Addresses the Gateway requests (`spec.addresses`), e.g. one per region for a cross-regional class.
   * @default none (GKE picks one)
   */
  readonly addresses?: GatewayAddress[];
}

/** One requested address: a GKE address type and its value. */
export interface GatewayAddress {
  readonly type: string;
  readonly value: string;
}

const sameNamespace = { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };

/** What a route needs of its Gateway: a ModelGateway, or `ModelGateway.fromName()` for one made elsewhere. */
export interface IModelGateway {
  /** The Gateway's name. */
  readonly gatewayName: string;
  /**
   * Its namespace (routes live in the same one).
   * @default the chart's namespace
   */
  readonly gatewayNamespace?: string;
}

export class ModelGateway extends Construct implements IModelGateway {
  /** A Gateway made outside this app (or in another chart file), by name. */
  public static fromName(gatewayName: string, gatewayNamespace?: string): IModelGateway {
    return { gatewayName, gatewayNamespace };
  }

  /** The generated object (the same as `gateway`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /**
   * The generated Gateway (TypeScript only; every language has `apiObject`).
   * @jsii ignore
   */
  public readonly gateway: Gateway;
  public readonly gatewayName: string;
  public readonly gatewayNamespace?: string;

  constructor(scope: Construct, id: string, props: ModelGatewayProps) {
    super(scope, id);
    const { tls } = props;
    const listeners: GatewaySpecListeners[] = [];
    if (!tls || (tls.http ?? DEFAULT_HTTP_MODE) !== 'off') {
      listeners.push({ name: HTTP_LISTENER_NAME, port: 80, protocol: 'HTTP', allowedRoutes: sameNamespace });
    }
    if (tls) {
      listeners.push({
        name: HTTPS_LISTENER_NAME,
        port: 443,
        protocol: 'HTTPS',
        allowedRoutes: sameNamespace,
        ...(tls.certificateSecret
          ? { tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ kind: 'Secret', name: tls.certificateSecret }] } }
          : {}),
      });
    }
    this.gateway = new Gateway(this, 'Resource', {
      metadata: objectMetadata({
        name: props.name,
        namespace: props.namespace,
        ...(tls?.certificateMap ? { annotations: { [CERTIFICATE_MAP_ANNOTATION]: tls.certificateMap } } : {}),
      }, props.metadata),
      spec: {
        gatewayClassName: props.className ?? DEFAULT_GATEWAY_CLASS,
        listeners,
        ...(props.addresses && props.addresses.length > 0 ? { addresses: props.addresses.map((a) => ({ ...a })) } : {}),
      },
    });
    this.apiObject = this.gateway;
    this.gatewayName = this.gateway.name;
    this.gatewayNamespace = props.namespace;
  }
}
