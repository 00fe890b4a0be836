/**
 * A Helm chart installed by Flux from an OCI registry: an OCIRepository (source.toolkit.fluxcd.io/v1)
 * selecting the chart layer, and a HelmRelease (helm.toolkit.fluxcd.io/v2) referring to it with
 * `chartRef`. Neither CRD is vendored here; the fields are the documented ones:
 * https://fluxcd.io/flux/components/source/ocirepositories/ (spec.url, spec.ref.tag, spec.interval,
 * spec.layerSelector.mediaType/operation) and https://fluxcd.io/flux/components/helm/helmreleases/
 * (spec.chartRef kind OCIRepository, spec.interval, spec.releaseName, spec.targetNamespace, spec.values).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The media type of a Helm chart's content layer in an OCI artifact (Helm's registry format). */
export const HELM_CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export interface FluxHelmReleaseProps {
  /** Name of the HelmRelease and of its OCIRepository. */
  readonly name: string;
  /** Namespace Flux runs in. @default 'flux-system' */
  readonly namespace?: string;
  /** `oci://<registry>/<path>/<chart>`. */
  readonly chartUrl: string;
  /** Chart version (the OCI tag). */
  readonly version: string;
  readonly releaseName: string;
  /** Namespace the chart is installed in. */
  readonly targetNamespace: string;
  /** @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
  /** @default '10m' */
  readonly interval?: string;
}

export class FluxHelmRelease extends Construct {
  readonly source: ApiObject;
  readonly release: ApiObject;

  constructor(scope: Construct, id: string, props: FluxHelmReleaseProps) {
    super(scope, id);
    if (!props.chartUrl.startsWith('oci://')) throw new Error(`FluxHelmRelease ${props.name}: chartUrl must start with oci://`);
    const namespace = props.namespace ?? 'flux-system';
    const interval = props.interval ?? '10m';
    this.source = new ApiObject(this, 'Source', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: props.name, namespace },
      spec: {
        interval,
        url: props.chartUrl,
        ref: { tag: props.version },
        layerSelector: { mediaType: HELM_CHART_LAYER_MEDIA_TYPE, operation: 'copy' },
      },
    });
    this.release = new ApiObject(this, 'Release', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: props.name, namespace },
      spec: {
        interval,
        chartRef: { kind: 'OCIRepository', name: props.name, namespace },
        releaseName: props.releaseName,
        targetNamespace: props.targetNamespace,
        values: props.values ?? {},
      },
    });
  }
}
