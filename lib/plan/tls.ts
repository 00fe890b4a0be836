/** Validation of the Gateway's TLS settings. */
import { PlannedTls } from './model-plan';
import { isObject, Problems, show } from '../spec/problems';
import { applySetName, releaseOf } from './release';
import { MAX_HOSTNAME_LENGTH } from '../facts/gateway-api';
import { fieldsOf, literalsOf } from '../spec/schema-kit';
import { HttpModeSchema, TlsSchema } from '../spec/list-spec';
import { DEFAULT_HTTP_MODE } from '../spec/defaults';

const TLS_FIELDS = fieldsOf(TlsSchema);
const HTTP_MODES = literalsOf(HttpModeSchema);
/** A Secret name: a DNS-1123 subdomain of at most 253 characters (Kubernetes `IsDNS1123Subdomain`). */
const SECRET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Gateway API Hostname: a DNS name, optionally with a leading `*.` wildcard label. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** HOSTNAME, at most MAX_HOSTNAME_LENGTH characters (the CRD's maxLength). */
const HOSTNAME_OF_LENGTH = new RegExp(`^(?=.{1,${MAX_HOSTNAME_LENGTH}}$)${HOSTNAME.source.slice(1)}`);
/** Certificate Manager resource ids: lowercase letters, digits, hyphens, 1 to 63. */
const CERTIFICATE_MAP = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** HTTPRoute hostnames limit (Gateway API). */
export const MAX_HOSTNAMES = 16;

export function planTls(problems: Problems, raw: unknown): PlannedTls | undefined {
  if (raw === undefined) return undefined;
  const where = 'gateway tls';
  if (!isObject(raw)) {
    problems.add(where, 'must be a map (certificateSecret or certificateMap, hostnames, http)');
    return undefined;
  }
  problems.unknownFields(where, raw, TLS_FIELDS);
  const certificateSecret = raw.certificateSecret === undefined ? undefined : problems.string(where, 'certificateSecret', raw.certificateSecret, '');
  const certificateMap = raw.certificateMap === undefined ? undefined : problems.string(where, 'certificateMap', raw.certificateMap, '');
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
  const http = raw.http === undefined ? DEFAULT_HTTP_MODE : raw.http;
  if (!HTTP_MODES.includes(http as typeof HTTP_MODES[number])) {
    problems.add(where, `http must be one of ${HTTP_MODES.join(', ')} (got ${JSON.stringify(raw.http)})`);
  }
  return {
    certificateSecret: certificateSecret || undefined,
    certificateMap: certificateMap || undefined,
    hostnames: problems.strings(where, 'hostnames', raw.hostnames, HOSTNAME_OF_LENGTH, `a lowercase DNS name of at most ${MAX_HOSTNAME_LENGTH} characters, optionally starting with "*."`, MAX_HOSTNAMES),
    http: typeof http === 'string' && HTTP_MODES.includes(http) ? (http as PlannedTls['http']) : DEFAULT_HTTP_MODE,
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
