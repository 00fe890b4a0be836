/**
 * TeamNamespace: the Namespace object of a namespace the model list uses (a team's folder in
 * dist/), so that `kubectl apply -R -f dist/` and a GitOps controller create it before its objects.
 * Never for a namespace Kubernetes makes itself (`default`, `kube-system`, ...).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectMetadata, ResourceProps } from './metadata';

export interface TeamNamespaceProps extends ResourceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * Labels of the Namespace (added to `metadata.labels`).
   * @default no labels
   */
  readonly labels?: Readonly<Record<string, string>>;
}

export class TeamNamespace extends Construct {
  /** The generated Namespace. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const labels = props.labels && Object.keys(props.labels).length > 0 ? { ...props.labels } : undefined;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1', kind: 'Namespace', metadata: objectMetadata({ name: props.name, labels }, props.metadata),
    });
  }
}
