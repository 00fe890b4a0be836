/**
 * The tests' view of the manifest checker in scripts/validate/ (the one `npm run validate` runs):
 * CRD kinds against their structural schema (unknown fields are errors) and every CEL rule on the path.
 */
import { checkObject } from '../../scripts/validate/checker';

export { closeObjects } from '../../scripts/validate/structural';
import { isKnownKind as checkerKnows } from '../../scripts/validate/checker';

/** Whether the tests can check this kind: the checker's (every CRD schema in imports/schemas, and core kinds). */
export function isKnownKind(apiVersion: string, kind: string): boolean {
  return checkerKnows(apiVersion, kind);
}

/** Errors of one object (empty when valid); throws for a kind the checker does not know. */
export function crdSchemaErrors(object: { apiVersion: string; kind: string }): string[] {
  const result = checkObject(object);
  if (result.status === 'unknown') throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  return result.errors;
}

/** Transition rules (with `oldSelf`) the checker skipped for this object (they only run on update). */
export function skippedTransitionRules(object: { apiVersion: string; kind: string }): string[] {
  const result = checkObject(object);
  return result.status === 'checked' ? result.transitionRules : [];
}
