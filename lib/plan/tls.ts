/** Validation of the Gateway's TLS settings. */
import { PlannedTls } from './model-plan';
import { Problems, show } from '../list/problems';
import { applySetName, releaseOf } from './release';
import { TlsSpec } from '../list/list-spec';
import { DEFAULT_HTTP_MODE } from '../list/defaults';

/** A Secret name: a DNS-1123 subdomain of at most 253 characters (Kubernetes `IsDNS1123Subdomain`). */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Certificate Manager resource ids: lowercase letters, digits, hyphens, 1 to 63. */
const CERTIFICATE_MAP = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The Gateway's TLS settings (their types and host names checked at the border; a wrong certificate name is ""). */
export function planTls(problems: Problems, spec: TlsSpec | undefined): PlannedTls | undefined {
  if (spec === undefined) return undefined;
  const where = 'gateway tls';
  const { certificateSecret, certificateMap } = spec;
  if (certificateSecret === undefined && certificateMap === undefined) {
    problems.add(where, 'the HTTPS listener needs a certificate: set certificateSecret (a TLS Secret) or certificateMap (Certificate Manager)');
  }
  if (certificateSecret !== undefined && certificateMap !== undefined) {
    problems.add(where, 'set certificateSecret or certificateMap, not both (GKE rejects a Gateway with a certificate map and certificateRefs)');
  }
  if (certificateSecret && (certificateSecret.length > 253 || !SECRET_NAME.test(certificateSecret))) {
    problems.add(where, `certificateSecret ${show(certificateSecret)} is not a Secret name (a DNS subdomain: lower-case letters, digits, "-" and ".", at most 253)`);
  }
  if (certificateMap && !CERTIFICATE_MAP.test(certificateMap)) problems.add(where, `certificateMap "${certificateMap}" is not a Certificate Manager name`);
  return {
    certificateSecret: certificateSecret || undefined,
    certificateMap: certificateMap || undefined,
    hostnames: spec.hostnames ?? [],
    http: spec.http ?? DEFAULT_HTTP_MODE,
  };
}

/**
 * Every Secret the list names is a distinct object: the TLS certificate, the Hugging Face token
 * (written by `up`, deleted by `down`) and the ApplySet parent of each namespace folder
 * (`rlg-<release>`, lib/plan/release.ts, written by kubectl). One name for two of them would make `up` overwrite the
 * certificate with the token, or `down` delete it.
 */
export function checkSecretNames(problems: Problems, plan: { readonly tls?: PlannedTls; readonly huggingFaceSecretName: string; readonly namespace: string; readonly gatewayName: string; readonly release?: string }): void {
  const APPLYSET_NAME = applySetName(releaseOf({ ...plan, release: undefined, ...(plan.release && /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(plan.release) ? { release: plan.release } : {}) }));
  if (plan.huggingFaceSecretName === APPLYSET_NAME) {
    problems.add('huggingFaceSecret', `name "${APPLYSET_NAME}" is the Secret kubectl keeps the ApplySet of each namespace in; choose another name`);
  }
  const certificate = plan.tls?.certificateSecret;
  if (certificate === plan.huggingFaceSecretName) {
    problems.add('gateway tls', `certificateSecret "${certificate}" is the Hugging Face token's Secret (huggingFaceSecret.name): up would overwrite the certificate and down delete it; name them apart`);
  } else if (certificate === APPLYSET_NAME) {
    problems.add('gateway tls', `certificateSecret "${certificate}" is the Secret kubectl keeps the ApplySet of each namespace in; choose another name`);
  }
}
