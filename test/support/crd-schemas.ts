/**
 * The tests' view of the manifest checker in scripts/validate/ (the one `npm run validate` runs):
 * CRD kinds against their structural schema (unknown fields are errors) and every CEL rule on the path.
 */
import { checkObject } from '../../scripts/validate/checker';
import { routingExtensionErrors } from './routing-extension-schema';
import { helmReleaseErrors, ociRepositoryErrors } from './flux-helm-schema';

export { closeObjects } from '../../scripts/validate/structural';
import { isKnownKind as checkerKnows } from '../../scripts/validate/checker';

/** Objects Google publishes no CRD file for, checked against schemas written from its docs. */
const DOCUMENTED_SCHEMAS: Record<string, (object: unknown) => string[]> = {
  'networking.gke.io/v1/GCPRoutingExtension': routingExtensionErrors,
  'helm.toolkit.fluxcd.io/v2/HelmRelease': helmReleaseErrors,
  'source.toolkit.fluxcd.io/v1/OCIRepository': ociRepositoryErrors,
};

/** Whether the tests can check this kind: the checker's kinds and the documented schemas here. */
export function isKnownKind(apiVersion: string, kind: string): boolean {
  return DOCUMENTED_SCHEMAS[`${apiVersion}/${kind}`] !== undefined || checkerKnows(apiVersion, kind);
}

/** Errors of one object (empty when valid); throws for a kind the checker does not know. */
export function crdSchemaErrors(object: { apiVersion: string; kind: string }): string[] {
  const documented = DOCUMENTED_SCHEMAS[`${object.apiVersion}/${object.kind}`];
  if (documented) return documented(object);
  const result = checkObject(object);
  if (result.status === 'unknown') throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return result.errors;
}

/** Transition rules (with `oldSelf`) the checker skipped for this object (they only run on update). */
export function skippedTransitionRules(object: { apiVersion: string; kind: string }): string[] {
  if (DOCUMENTED_SCHEMAS[`${object.apiVersion}/${object.kind}`]) return [];
  const result = checkObject(object);
  return result.status === 'checked' ? result.transitionRules : [];
}
