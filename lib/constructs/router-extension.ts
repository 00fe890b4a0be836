/**
 * RouterExtension: a GKE GCPRoutingExtension (`networking.gke.io/v1`) that attaches the
 * body-based router to a Gateway: the load balancer sends each request's headers and body to the
 * router (ext_proc) before it evaluates the routes. Same settings as the router chart's own
 * extension (gateway-api-inference-extension v1.4.0 `config/charts/body-based-routing/templates/gke.yaml`),
 * for installing the router without the chart's extension (`provider.name=none`).
 *
 * The backend is the router's Service: Google's CRD accepts only `group: ""`, `kind: Service`
 * (../shared/crds/gke/networking.gke.io_gcproutingextensions.yaml, GoogleCloudPlatform/gke-gateway-api),
 * and GKE documents the extension for the regional single-cluster load balancers only
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions), so
 * multi-cluster Gateways get none (lib/facts/gateway-classes.ts). Typed by the class that
 * `npm run import` generates from that CRD.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  GcpRoutingExtension,
  GcpRoutingExtensionSpecExtensionChainsExtensionsBackendRefGroup as BackendGroup,
  GcpRoutingExtensionSpecExtensionChainsExtensionsBackendRefKind as BackendKind,
  GcpRoutingExtensionSpecExtensionChainsExtensionsRequestBodySendMode as BodySendMode,
  GcpRoutingExtensionSpecExtensionChainsExtensionsSupportedEvents as Events,
} from '../../imports/networking.gke.io';
import { objectMetadata, ResourceProps } from './metadata';
import { IModelGateway } from './gateway';

/** The core API group, which the generated enum cannot spell (its only value is ""). */
const CORE_GROUP = '' as unknown as BackendGroup;

export interface RouterExtensionProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway (same namespace): a ModelGateway, or `ModelGateway.fromName(...)`. */
  readonly gateway: IModelGateway;
  /** The router's Service name (same namespace). */
  readonly serviceName: string;
  /** The router's gRPC (ext_proc) port. */
  readonly port: number;
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
    this.apiObject = new GcpRoutingExtension(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.gateway.gatewayName }],
        extensionChains: [{
          name: 'chain1',
          extensions: [{
            name: 'ext1',
            authority: 'myext.com',
            timeout: props.timeout ?? '1s',
            supportedEvents: [Events.REQUEST_HEADERS, Events.REQUEST_BODY, Events.REQUEST_TRAILERS],
            requestBodySendMode: BodySendMode.FULL_DUPLEX_STREAMED,
            backendRef: { group: CORE_GROUP, kind: BackendKind.SERVICE, name: props.serviceName, port: props.port },
          }],
        }],
      },
    });
  }
}
