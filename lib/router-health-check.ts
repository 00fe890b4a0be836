/**
 * RouterHealthCheck: a GKE HealthCheckPolicy checking the body-based router over gRPC on its
 * health port, as the router chart does (templates/gke.yaml), for a Service or a ServiceImport.
 * The HealthCheckPolicy CRD requires `portSpecification: USE_FIXED_PORT` with a `port` (CEL rule).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendKind, SERVICE_BACKEND } from './backend-kind';
import type { IHealthCheckPolicy } from '@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy';

export interface RouterHealthCheckProps {
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
    const policy = {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        default: {
          logConfig: { enabled: true },
          config: { type: 'GRPC', grpcHealthCheck: { portSpecification: 'USE_FIXED_PORT', port: props.port } },
        },
        targetRef: { ...(props.targetKind ?? SERVICE_BACKEND), name: props.serviceName },
      },
    } satisfies IHealthCheckPolicy;
    this.apiObject = new ApiObject(this, 'Resource', policy);
  }
}
