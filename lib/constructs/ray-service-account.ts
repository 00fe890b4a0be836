/**
 * RayServiceAccount: the Kubernetes ServiceAccount the Ray pods of a namespace run as, instead
 * of the namespace's `default`. Its token is not mounted (`automountServiceAccountToken: false`):
 * a pod that needs the Kubernetes API (the head with the Ray autoscaler) asks for it in its own
 * template. Through Workload Identity its principal
 * (`principal://iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/PROJECT.svc.id.goog/subject/ns/NS/sa/NAME`,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity) is what IAM grants
 * name; it has no Google Cloud key.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectMetadata, ResourceProps } from './metadata';

export interface RayServiceAccountProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
}

export class RayServiceAccount extends Construct {
  public readonly apiObject: ApiObject;
  /** Its name, for the pods' `serviceAccountName`. */
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: RayServiceAccountProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      automountServiceAccountToken: false,
    });
    this.serviceAccountName = props.name;
  }
}
