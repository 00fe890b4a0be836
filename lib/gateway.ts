/** ModelGateway: the one Gateway every model is reached through. */
import { Construct } from 'constructs';
import { Gateway, GatewaySpecListenersAllowedRoutesNamespacesFrom } from '../imports/gateway.networking.k8s.io';

export interface ModelGatewayProps {
  readonly name: string;
  readonly namespace: string;
  /** GatewayClass, e.g. `gke-l7-rilb`. */
  readonly className: string;
  /**
   * Port of the plain-HTTP listener.
   * @default 80
   */
  readonly httpPort?: number;
}

/** GKE's single-cluster GatewayClasses (the multi-cluster `-mc` classes need ServiceImport backends). */
export const GKE_GATEWAY_CLASSES = [
  'gke-l7-rilb',
  'gke-l7-regional-external-managed',
  'gke-l7-global-external-managed',
  'gke-l7-gxlb',
];

/** Name of the plain-HTTP listener. */
export const HTTP_LISTENER_NAME = 'http';

export class ModelGateway extends Construct {
  public readonly gateway: Gateway;

  constructor(scope: Construct, id: string, props: ModelGatewayProps) {
    super(scope, id);
    this.gateway = new Gateway(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        gatewayClassName: props.className,
        listeners: [
          {
            name: HTTP_LISTENER_NAME,
            port: props.httpPort ?? 80,
            protocol: 'HTTP',
            allowedRoutes: { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } },
          },
        ],
      },
    });
  }
}
