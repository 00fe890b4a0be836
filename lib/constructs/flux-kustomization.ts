/**
 * A Flux Kustomization (kustomize.toolkit.fluxcd.io/v1, CRD of kustomize-controller v1.9.4) that
 * applies one folder of a GitRepository and prunes what left it. Without a kustomization.yaml in the
 * folder the controller generates one over the folder's manifests.
 * https://fluxcd.io/flux/components/kustomize/kustomizations/ (spec.prune, spec.dependsOn, spec.path)
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

export interface FluxKustomizationProps {
  readonly name: string;
  /** Namespace Flux runs in (also of the source and the dependencies). @default 'flux-system' */
  readonly namespace?: string;
  /** Name of the GitRepository in the same namespace. */
  readonly sourceName: string;
  /** Folder in the repository, relative to its root (`./dist/default`). */
  readonly path: string;
  /** @default '10m' */
  readonly interval?: string;
  /** Delete objects that left the folder. @default true */
  readonly prune?: boolean;
  /** Kustomizations (same namespace) that must be ready before this one is applied. @default [] */
  readonly dependsOn?: string[];
}

export class FluxKustomization extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    const dependsOn = props.dependsOn ?? [];
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: props.name, namespace: props.namespace ?? 'flux-system' },
      spec: {
        interval: props.interval ?? '10m',
        sourceRef: { kind: 'GitRepository', name: props.sourceName },
        path: props.path,
        prune: props.prune ?? true,
        ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((name) => ({ name })) } : {}),
      },
    });
  }
}
