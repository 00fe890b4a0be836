/**
 * An Argo CD Application (argoproj.io/v1alpha1, CRD of Argo CD v3.5.1) that syncs automatically,
 * prunes and self-heals, and whose deletion deletes what it applied (the resources finalizer).
 * Fields: https://argo-cd.readthedocs.io/en/stable/user-guide/application-specification/ ;
 * sync waves: https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/ ;
 * the finalizer: https://argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/ .
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** In-cluster destination: the cluster Argo CD runs in. */
export const ARGOCD_IN_CLUSTER = 'https://kubernetes.default.svc';
/**
 * Makes deleting an Application delete its resources. The deletion finalizer: cascade, foreground (Argo CD's default policy), in its domain-qualified form
 * (`ForegroundPropagationPolicyFinalizer`, argoproj/argo-cd pkg/apis/application/v1alpha1/application_defaults.go;
 * docs: https://argo-cd.readthedocs.io/en/release-3.3/user-guide/app_deletion/). The bare
 * `resources-finalizer.argocd.argoproj.io` does the same, but a v1.32 API server warns on every apply
 * ("prefer a domain-qualified finalizer name including a path").
 */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io/foreground';

/** A Helm chart source: for an OCI chart `repoURL` is `oci://<registry>/<path>/<chart>` and `path` is `.`. */
export interface ArgoHelmSource {
  readonly releaseName: string;
  /** Values as an object (`helm.valuesObject`). @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

export interface ArgoApplicationProps {
  /** Application name (unique in the Argo CD namespace). */
  readonly name: string;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly namespace?: string;
  /** @default 'default' */
  readonly project?: string;
  /** Git repository URL, or `oci://...` for an OCI artifact. */
  readonly repoURL: string;
  /** Branch, tag or (OCI) chart version. */
  readonly targetRevision: string;
  /** Folder in the repository (`.` for an OCI Helm chart). */
  readonly path: string;
  /** Render the source as a Helm chart with these settings. @default plain manifests */
  readonly helm?: ArgoHelmSource;
  /** Namespace for objects without one (and the Helm release's namespace). */
  readonly destinationNamespace: string;
  /** @default ARGOCD_IN_CLUSTER */
  readonly destinationServer?: string;
  /** `argocd.argoproj.io/sync-wave`: lower waves are applied first by the app of apps. @default none (wave 0) */
  readonly syncWave?: number;
  /** Delete objects that left the source. @default true */
  readonly prune?: boolean;
}

export class ArgoApplication extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoApplicationProps) {
    super(scope, id);
    if (props.syncWave !== undefined && !Number.isInteger(props.syncWave)) throw new Error(`ArgoApplication ${props.name}: syncWave must be a whole number`);
    const helm = props.helm && { releaseName: props.helm.releaseName, valuesObject: props.helm.values ?? {} };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: props.name,
        namespace: props.namespace ?? 'argocd',
        finalizers: [ARGOCD_RESOURCES_FINALIZER],
        ...(props.syncWave !== undefined ? { annotations: { 'argocd.argoproj.io/sync-wave': String(props.syncWave) } } : {}),
      },
      spec: {
        project: props.project ?? 'default',
        source: { repoURL: props.repoURL, targetRevision: props.targetRevision, path: props.path, ...(helm ? { helm } : {}) },
        destination: { server: props.destinationServer ?? ARGOCD_IN_CLUSTER, namespace: props.destinationNamespace },
        syncPolicy: { automated: { prune: props.prune ?? true, selfHeal: true } },
      },
    });
  }
}
