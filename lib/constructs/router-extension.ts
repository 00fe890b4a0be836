/**
 * RouterExtension: a GKE GCPRoutingExtension (`networking.gke.io/v1`) that attaches the
 * body-based router to a Gateway: the load balancer sends each request's headers and body to the
 * router (ext_proc) before it evaluates the routes. Same settings as the router chart's own
 * extension (gateway-api-inference-extension v1.4.0 `config/charts/body-based-routing/templates/gke.yaml`),
 * but the backend may be a ServiceImport, which multi-cluster Gateways need
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendKind, SERVICE_BACKEND } from '../facts/backend-kind';
import { objectMetadata, ResourceProps } from './metadata';
import { IModelGateway } from './gateway';

export interface RouterExtensionProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway (same namespace) the extension attaches to. */
  /** The Gateway: a ModelGateway, or `ModelGateway.fromName(...)`. */
  readonly gateway: IModelGateway;
  /** The router's Service (or ServiceImport) name. */
  readonly serviceName: string;
  /** The router's gRPC (ext_proc) port. */
  readonly port: number;
  /**
   * Service, or ServiceImport for a multi-cluster Gateway.
   * @default Service
   */
  readonly backendKind?: BackendKind;
  /**
   * How long the load balancer waits for the router per message.
   * @default "1s" (the chart's)
   */
  readonly timeout?: string;
}

export class RouterExtension extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RouterExtensionProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPRoutingExtension',
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.gateway.gatewayName }],
        extensionChains: [{
          name: 'chain1',
          extensions: [{
            name: 'ext1',
            authority: 'myext.com',
            timeout: props.timeout ?? '1s',
            supportedEvents: ['RequestHeaders', 'RequestBody', 'RequestTrailers'],
            requestBodySendMode: 'FullDuplexStreamed',
            backendRef: { ...(props.backendKind ?? SERVICE_BACKEND), name: props.serviceName, port: props.port },
          }],
        }],
      },
    });
  }
}
