/**
 * A Flux GitRepository (source.toolkit.fluxcd.io/v1, CRD of source-controller v1.9.1): the branch
 * the Kustomizations read. https://fluxcd.io/flux/components/source/gitrepositories/
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface FluxGitRepositoryProps {
  readonly name: string;
  /** Namespace Flux runs in. @default 'flux-system' */
  readonly namespace?: string;
  /** http(s):// or ssh:// URL of the repository. */
  readonly url: string;
  readonly branch: string;
  /** How often to fetch. @default '10m' */
  readonly interval?: string;
}

export class FluxGitRepository extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FluxGitRepositoryProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: props.name, namespace: props.namespace ?? 'flux-system' },
      spec: { url: props.url, ref: { branch: props.branch }, interval: props.interval ?? '10m' },
    });
  }
}
