/**
 * ServeBackendPolicy: a GKE GCPBackendPolicy that sets the load balancer's backend timeout of a
 * serve Service. GKE's default (30 s) would cut long generations and streamed (SSE) answers.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GcpBackendPolicy } from '../../imports/networking.gke.io';
import { SERVICE_BACKEND } from '../facts/backend-kind';
import { DEFAULT_TIMEOUT_SECONDS } from '../list/defaults';
import { IServeBackend } from './ray-llm-service-props';
import { objectMetadata, ResourceProps } from './metadata';

export interface ServeBackendPolicyProps extends ResourceProps {
  /**
   * Name of the GCPBackendPolicy.
   * @default a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the GCPBackendPolicy (the serve Service's).
   * @default the service's namespace, else the chart's
   */
  readonly namespace?: string;
  /** The serve Service the policy attaches to: a RayLlmService, or `ServeBackend.fromName(...)`. */
  readonly service: IServeBackend;
  /**
   * Seconds the load balancer waits for the whole response, streamed or not (GKE's own default, 30, cuts long generations).
   * @default 600 (the model list's `timeoutSeconds` default)
   */
  readonly timeoutSeconds?: number;
}

export class ServeBackendPolicy extends Construct {
  /** The generated GCPBackendPolicy. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServeBackendPolicyProps) {
    super(scope, id);
    this.apiObject = new GcpBackendPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace ?? props.service.serveNamespace }, props.metadata),
      spec: {
        default: { timeoutSec: props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS },
        targetRef: { ...(props.service.kind ?? SERVICE_BACKEND), name: props.service.serveServiceName },
      },
    });
  }
}
