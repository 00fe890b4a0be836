/**
 * ServeBackendPolicy: a GKE GCPBackendPolicy that sets the load balancer's backend timeout of a
 * serve Service. GKE's default (30 s) would cut long generations and streamed (SSE) answers.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { GcpBackendPolicy } from '../../imports/networking.gke.io';
import { BackendKind, SERVICE_BACKEND } from '../facts/backend-kind';
import { objectMetadata, ResourceProps } from './metadata';

export interface ServeBackendPolicyProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The serve Service the policy attaches to. */
  readonly serviceName: string;
  /**
   * Whether that name is a Service or (multi-cluster) a ServiceImport.
   * @default Service
   */
  readonly targetKind?: BackendKind;
  /** Seconds the load balancer waits for the whole response, streamed or not. */
  readonly timeoutSeconds: number;
}

export class ServeBackendPolicy extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServeBackendPolicyProps) {
    super(scope, id);
    this.apiObject = new GcpBackendPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        default: { timeoutSec: props.timeoutSeconds },
        targetRef: { ...(props.targetKind ?? SERVICE_BACKEND), name: props.serviceName },
      },
    });
  }
}
