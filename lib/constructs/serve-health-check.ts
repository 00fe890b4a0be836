/**
 * ServeHealthCheck: a GKE HealthCheckPolicy that points the load balancer's health check at
 * Ray Serve's `/-/healthz` on a model's serve Service.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  HealthCheckPolicy,
  HealthCheckPolicySpecDefaultConfigHttpHealthCheckPortSpecification as PortSpecification,
  HealthCheckPolicySpecDefaultConfigType,
} from '../../imports/networking.gke.io';
import { SERVICE_BACKEND } from '../facts/backend-kind';
import { IServeBackend } from './ray-llm-service-props';
import { SERVE_PORT } from '../facts/ray';
import { objectMetadata, ResourceProps } from './metadata';

/** Ray Serve's health endpoint on the proxy. */
export const SERVE_HEALTH_PATH = '/-/healthz';

export interface ServeHealthCheckProps extends ResourceProps {
  /**
   * Name of the HealthCheckPolicy.
   * @default a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the HealthCheckPolicy (the serve Service's).
   * @default the service's namespace, else the chart's
   */
  readonly namespace?: string;
  /** The serve Service the policy attaches to: a RayLlmService, or `ServeBackend.fromName(...)`. */
  readonly service: IServeBackend;
  /**
   * Port the health check probes.
   * @default 8000
   */
  readonly port?: number;
  /**
   * Path the health check asks.
   * @default "/-/healthz" (Ray Serve's proxy health)
   */
  readonly requestPath?: string;
  /**
   * Seconds between checks and seconds a check may take.
   * @default 5
   */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /**
   * Successes that make a backend healthy, failures that make it unhealthy.
   * @default 2
   */
  readonly healthyThreshold?: number;
  /** @default 2 */
  readonly unhealthyThreshold?: number;
}

export class ServeHealthCheck extends Construct {
  /** The generated HealthCheckPolicy. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServeHealthCheckProps) {
    super(scope, id);
    const interval = props.intervalSeconds ?? 5;
    const timeout = props.timeoutSeconds ?? 5;
    // The same CRD's rule on spec.default: "timeOutSec cannot exceed checkIntervalSec".
    if (timeout > interval) {
      throw new Error(`ServeHealthCheck ${props.name ?? this.node.path}: timeoutSeconds (${timeout}) cannot exceed intervalSeconds (${interval})`);
    }
    this.apiObject = new HealthCheckPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace ?? props.service.serveNamespace }, props.metadata),
      spec: {
        default: {
          checkIntervalSec: interval,
          timeoutSec: timeout,
          healthyThreshold: props.healthyThreshold ?? 2,
          unhealthyThreshold: props.unhealthyThreshold ?? 2,
          config: {
            type: HealthCheckPolicySpecDefaultConfigType.HTTP,
            // The CRD's CEL rules allow `port` only with USE_FIXED_PORT (GoogleCloudPlatform/gke-gateway-api
            // @fc40d606a533 config/crd/networking.gke.io_healthcheckpolicies.yaml); older schemas accept it too.
            httpHealthCheck: {
              portSpecification: PortSpecification.USE_UNDERSCORE_FIXED_UNDERSCORE_PORT,
              port: props.port ?? SERVE_PORT,
              requestPath: props.requestPath ?? SERVE_HEALTH_PATH,
            },
          },
        },
        targetRef: { ...(props.service.kind ?? SERVICE_BACKEND), name: props.service.serveServiceName },
      },
    });
  }
}
