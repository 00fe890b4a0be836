/**
 * ApiKeyPolicy: an Apigee APIM Operator `APIMExtensionPolicy` (apim.googleapis.com/v1) that
 * attaches Apigee to the Gateway as a traffic extension, so requests need an API key Apigee
 * accepts (API products and apps are managed in Apigee). Needs the Apigee APIM Operator installed
 * in the cluster and an Apigee organization. Fields as in Google's APIM Operator reference.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectMetadata, ResourceProps } from './metadata';
import { IModelGateway } from './gateway';
import { DEFAULT_APIGEE_FAIL_OPEN, DEFAULT_APIGEE_LOCATION, DEFAULT_APIGEE_TIMEOUT_MILLISECONDS } from '../list/defaults';

/**
 * The fields of an APIMExtensionPolicy this library sets (TypeScript only: the object itself is `apiObject`).
 * @jsii ignore
 */
export interface ApimExtensionPolicySpec {
  /** Apigee environment; empty for the organization's default. */
  apigeeEnv?: string;
  /** Location of the extension: `global` for global load balancers, else the region. */
  location: string;
  /** Let requests through when Apigee cannot be reached. */
  failOpen: boolean;
  /** How long the load balancer waits for Apigee, e.g. `1000ms`. */
  timeout: string;
  /** Apigee's default security: API key verification on every request. */
  defaultSecurityEnabled: boolean;
  targetRef: { name: string; kind: 'Gateway'; namespace: string };
}

export interface ApiKeyPolicyProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Gateway whose requests need an API key: a ModelGateway, or `ModelGateway.fromName(...)`. */
  readonly gateway: IModelGateway;
  /**
   * Location of the extension: `global` for global load balancers, else the Gateway's region.
   * @default the model list's `apigee.location` default
   */
  readonly location?: string;
  /** @default the organization's default environment */
  readonly environment?: string;
  /**
   * Let requests through while Apigee cannot be reached.
   * @default the model list's `apigee.failOpen` default
   */
  readonly failOpen?: boolean;
  /**
   * How long the load balancer waits for Apigee.
   * @default the model list's `apigee.timeoutMilliseconds` default
   */
  readonly timeoutMilliseconds?: number;
}

export class ApiKeyPolicy extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ApiKeyPolicyProps) {
    super(scope, id);
    const spec: ApimExtensionPolicySpec = {
      ...(props.environment ? { apigeeEnv: props.environment } : {}),
      location: props.location ?? DEFAULT_APIGEE_LOCATION,
      failOpen: props.failOpen ?? DEFAULT_APIGEE_FAIL_OPEN,
      timeout: `${props.timeoutMilliseconds ?? DEFAULT_APIGEE_TIMEOUT_MILLISECONDS}ms`,
      defaultSecurityEnabled: true,
      targetRef: { name: props.gateway.gatewayName, kind: 'Gateway', namespace: props.gateway.gatewayNamespace ?? props.namespace },
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'apim.googleapis.com/v1',
      kind: 'APIMExtensionPolicy',
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec,
    });
  }
}
