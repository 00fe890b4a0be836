/**
 * RouterHealthCheck: a GKE HealthCheckPolicy checking the body-based router over gRPC on its
 * health port, as the router chart does (templates/gke.yaml), for a Service or a ServiceImport.
 * The HealthCheckPolicy CRD requires `portSpecification: USE_FIXED_PORT` with a `port` (CEL rule).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  HealthCheckPolicy,
  HealthCheckPolicySpecDefaultConfigGrpcHealthCheckPortSpecification as PortSpecification,
  HealthCheckPolicySpecDefaultConfigType,
} from '../../imports/networking.gke.io';
import { BackendKind, SERVICE_BACKEND } from '../facts/backend-kind';
import { objectMetadata, ResourceProps } from './metadata';

export interface RouterHealthCheckProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The router's Service (or ServiceImport). */
  readonly serviceName: string;
  /** The router's gRPC health port. */
  readonly port: number;
  /** @default Service */
  readonly targetKind?: BackendKind;
}

export class RouterHealthCheck extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RouterHealthCheckProps) {
    super(scope, id);
    this.apiObject = new HealthCheckPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        default: {
          logConfig: { enabled: true },
          config: {
            type: HealthCheckPolicySpecDefaultConfigType.GRPC,
            grpcHealthCheck: { portSpecification: PortSpecification.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT, port: props.port },
          },
        },
        targetRef: { ...(props.targetKind ?? SERVICE_BACKEND), name: props.serviceName },
      },
    });
  }
}
