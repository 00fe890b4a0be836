/**
 * No CRD of Flux's helm-controller (HelmRelease) and of source-controller's OCIRepository is vendored
 * in ../shared/crds, so the router's two Flux objects are checked against these schemas, written from
 * the fields Flux documents (unknown fields are errors):
 *   - OCIRepository source.toolkit.fluxcd.io/v1, https://fluxcd.io/flux/components/source/ocirepositories/
 *     spec.url (`oci://` required), spec.ref {tag | semver | digest}, spec.interval (required),
 *     spec.layerSelector {mediaType, operation: extract | copy};
 *   - HelmRelease helm.toolkit.fluxcd.io/v2, https://fluxcd.io/flux/components/helm/helmreleases/
 *     spec.interval (required), exactly one of spec.chart / spec.chartRef, spec.chartRef {kind:
 *     OCIRepository | HelmChart, name, namespace}, spec.releaseName (at most 53 characters),
 *     spec.targetNamespace, spec.values.
 * Durations follow the Flux CRDs' `interval` pattern (as in kustomize-controller v1.9.4's Kustomization).
 */
import Ajv from 'ajv';

const DURATION = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' };
const NAME = { type: 'string', minLength: 1, maxLength: 253 };
const metadata = { type: 'object', required: ['name', 'namespace'], properties: { name: NAME, namespace: NAME } };

export const OCI_REPOSITORY_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'source.toolkit.fluxcd.io/v1' },
    kind: { const: 'OCIRepository' },
    metadata,
    spec: {
      type: 'object',
      required: ['url', 'interval'],
      additionalProperties: false,
      properties: {
        url: { type: 'string', pattern: '^oci://.+$' },
        interval: DURATION,
        ref: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { tag: { type: 'string' }, semver: { type: 'string' }, digest: { type: 'string' } },
        },
        layerSelector: {
          type: 'object',
          additionalProperties: false,
          properties: { mediaType: { type: 'string' }, operation: { enum: ['extract', 'copy'] } },
        },
      },
    },
  },
};

export const HELM_RELEASE_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'helm.toolkit.fluxcd.io/v2' },
    kind: { const: 'HelmRelease' },
    metadata,
    spec: {
      type: 'object',
      required: ['interval'],
      additionalProperties: false,
      properties: {
        interval: DURATION,
        chart: { type: 'object' },
        chartRef: {
          type: 'object',
          required: ['kind', 'name'],
          additionalProperties: false,
          properties: { kind: { enum: ['OCIRepository', 'HelmChart'] }, name: NAME, namespace: NAME },
        },
        releaseName: { type: 'string', minLength: 1, maxLength: 53 },
        targetNamespace: { type: 'string', minLength: 1, maxLength: 63 },
        values: { type: 'object' },
      },
      oneOf: [{ required: ['chart'] }, { required: ['chartRef'] }],
    },
  },
};

const ajv = new Ajv({ allErrors: true });
const checkers = { oci: ajv.compile(OCI_REPOSITORY_SCHEMA), helm: ajv.compile(HELM_RELEASE_SCHEMA) };

function errorsOf(check: (typeof checkers)['oci'], object: unknown): string[] {
  if (check(object)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export const ociRepositoryErrors = (object: unknown): string[] => errorsOf(checkers.oci, object);
export const helmReleaseErrors = (object: unknown): string[] => errorsOf(checkers.helm, object);
