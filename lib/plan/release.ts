/**
 * The release: the identity of one list on a cluster and project. The ApplySet, the marks of what
 * scripts/cluster.sh creates (namespaces, Secrets, clusters, node pools) and `down` all use it, so
 * two lists on one cluster never prune, converge or delete each other's objects.
 *
 * The list's `release`, or by default `<namespace>-<gateway name>` (e.g. `default-ray-multi-model-gateway`):
 * two lists with the same Gateway namespace and name would overwrite each other's Gateway anyway,
 * and two with different Gateways get different releases without naming one.
 */
import { createHash } from 'crypto';
import { ModelPlan } from './model-plan';

/** Kubernetes label of the release on what cluster.sh creates (beside app.kubernetes.io/managed-by). */
export const RELEASE_LABEL = 'ray-llm-gateway/release';
/** Google Cloud resource label key of the release (keys and values: lower-case letters, digits, _ and -, at most 63). */
export const RELEASE_RESOURCE_LABEL = 'rlg_release';
/** A release name: a DNS label of at most 40 characters (it is part of the ApplySet's name). */
export const RELEASE_PATTERN = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const MAX = 40;

/** The list's release name (see above); a derived one longer than 40 characters is cut and given a hash of the whole. */
export function releaseOf(plan: Pick<ModelPlan, 'namespace' | 'gatewayName'> & { readonly release?: string }): string {
  if (plan.release !== undefined) {
    if (!RELEASE_PATTERN.test(plan.release)) throw new Error(`release "${plan.release}" is not a DNS label of at most ${MAX} characters (lower-case letters, digits and -)`);
    return plan.release;
  }
  const derived = `${plan.namespace}-${plan.gatewayName}`;
  if (derived.length <= MAX) return derived;
  const hash = createHash('sha256').update(derived).digest('hex').slice(0, 8);
  return `${derived.slice(0, MAX - 9).replace(/-+$/, '')}-${hash}`;
}

/** The ApplySet of each namespace folder (its parent: a Secret of this name in that namespace). */
export const applySetName = (release: string) => `rlg-${release}`;
