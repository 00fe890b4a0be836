/** Checks of single model fields that need more than a type check. */
import { reservedEnv } from '../facts/kuberay-reserved-env';
import { PlannedEnvValue, PodResources, UpgradeStrategyType } from './model-plan';
import { ENGINE_KWARGS_SET_ELSEWHERE, VLLM_ENGINE_ARGS, VLLM_VERSION } from '../facts/vllm-engine-args';
import { closestName } from '../list/closest';
import { EnvValueSpec, PodResourcesSpec, UpgradeSpec } from '../list/model-spec';
import { Problems } from '../list/problems';
import { credentialIn, credentialKind, looksLikeCredential, SECRET_REFERENCE } from './credentials';
import { CREDENTIAL_ENGINE_ARGS } from '../facts/credential-formats';
import { MAX_PATH_LENGTH } from '../facts/gateway-api';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** First path segments a path prefix may not take: the OpenAI API (every model's) and Ray's health check. */
const RESERVED_PATH_SEGMENTS = ['v1', '-'];

/** A pod's resources: the given ones (quantities; a number as its decimal text), the defaults for the others. */
export function resources(spec: PodResourcesSpec | undefined, defaults: PodResources): PodResources {
  const quantity = (value: string | number | undefined, fallback: string) => (value === undefined ? fallback : String(value));
  return {
    cpu: quantity(spec?.cpu, defaults.cpu),
    memory: quantity(spec?.memory, defaults.memory),
    ephemeralStorage: quantity(spec?.ephemeralStorage, defaults.ephemeralStorage),
  };
}

/** A Secret or ConfigMap name: a DNS-1123 subdomain (Kubernetes `IsDNS1123Subdomain`). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_SUBDOMAIN_LENGTH = 253;
/** A Secret or ConfigMap key (Kubernetes `IsConfigMapKey`): at most 253 of these, not ".", "..", nor starting with "..". */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Why a Secret/ConfigMap key is invalid for Kubernetes, or undefined. */
export function configKeyProblem(key: string): string | undefined {
  if (key.length > MAX_SUBDOMAIN_LENGTH) return `must be at most ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!CONFIG_KEY.test(key)) return 'may hold only letters, digits, "-", "_" and "."';
  if (key === '.' || key === '..' || key.startsWith('..')) return 'may not be "." or "..", nor start with ".."';
  return undefined;
}

/** Why a Secret/ConfigMap name is invalid for Kubernetes, or undefined. */
function objectNameProblem(name: string): string | undefined {
  if (name.length > MAX_SUBDOMAIN_LENGTH) return `must be at most ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!DNS_SUBDOMAIN.test(name)) return 'must be a DNS subdomain (lower-case letters, digits, "-" and ".")';
  return undefined;
}

function keyRef(problems: Problems, where: string, field: string, ref: { name: string; key: string }): { name: string; key: string } | undefined {
  const { name, key } = ref;
  const nameProblem = objectNameProblem(name);
  const keyProblem = configKeyProblem(key);
  if (nameProblem) problems.add(where, `${field}.name ${JSON.stringify(name)} ${nameProblem}`);
  if (keyProblem) problems.add(where, `${field}.key ${JSON.stringify(key)} ${keyProblem}`);
  return nameProblem || keyProblem ? undefined : { name, key };
}

export function env(problems: Problems, where: string, spec: Record<string, EnvValueSpec>): Record<string, PlannedEnvValue> {
  const result: Record<string, PlannedEnvValue> = {};
  for (const [name, value] of Object.entries(spec)) {
    const field = `env.${name}`;
    const reserved = reservedEnv(name);
    if (!ENV_NAME.test(name)) {
      problems.add(where, `env "${name}" is not a valid variable name (letters, digits and "_", not starting with a digit)`);
    } else if (reserved) {
      problems.add(where, `env "${name}" cannot be set: ${reserved.reason} (${reserved.source})`);
    } else if (typeof value === 'string') {
      const kind = credentialKind(value);
      if (looksLikeCredential(name)) {
        problems.add(where, `${field} looks like a credential and would be written in clear text to dist/; reference a Secret instead: ${name}: ${SECRET_REFERENCE}`);
      } else if (kind) {
        problems.add(where, `${field} holds what looks like ${kind} (the value is not shown) and would be written in clear text to dist/; reference a Secret instead: ${name}: ${SECRET_REFERENCE}`);
      } else {
        own(result, name, { value });
      }
    } else if ('secretKeyRef' in value) {
      const ref = keyRef(problems, where, `${field}.secretKeyRef`, value.secretKeyRef);
      if (ref) own(result, name, { secretKeyRef: ref });
    } else {
      const ref = keyRef(problems, where, `${field}.configMapKeyRef`, value.configMapKeyRef);
      if (ref) own(result, name, { configMapKeyRef: ref });
    }
  }
  return result;
}

/** Sets an own property, also for "__proto__" (a plain assignment would set the prototype and drop the variable). */
function own<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A parallelism degree given in engineKwargs: undefined when absent, NaN (with a problem) when not a whole number >= 1. */
function degree(problems: Problems, where: string, kwargs: Record<string, unknown>, key: string): number | undefined {
  const value = kwargs[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    problems.add(where, `engineKwargs.${key} must be a whole number >= 1 (got ${JSON.stringify(value)})`);
    return Number.NaN;
  }
  return value;
}

/**
 * vLLM engine settings: the user's, checked against vLLM's engine arguments, with tensor
 * parallelism derived from gpusPerReplica and LoRA on when adapters are served.
 * `tensor_parallel_size x pipeline_parallel_size` must equal gpusPerReplica: Ray Serve LLM asks one
 * GPU per device of that product (and vLLM uses that many), while the worker pod has exactly
 * gpusPerReplica GPUs. Without either key, tensor_parallel_size = gpusPerReplica; with only
 * pipeline_parallel_size, tensor_parallel_size = gpusPerReplica / pipeline_parallel_size.
 * @param allowUnknown the model's `allowUnknownEngineKwargs` reason, if any
 */
export function engineKwargs(problems: Problems, where: string, given: Record<string, unknown>, gpus: number, lora: boolean, allowUnknown?: string): Record<string, unknown> {
  const kwargs: Record<string, unknown> = { ...given };
  for (const key of Object.keys(kwargs)) {
    const elsewhere = Object.prototype.hasOwnProperty.call(ENGINE_KWARGS_SET_ELSEWHERE, key) ? ENGINE_KWARGS_SET_ELSEWHERE[key] : undefined;
    const found = credentialIn(kwargs[key], `engineKwargs.${key}`);
    if (CREDENTIAL_ENGINE_ARGS.includes(key) || (!VLLM_ENGINE_ARGS.has(key) && looksLikeCredential(key))) {
      problems.add(where, `engineKwargs.${key} would write a credential in clear text to serveConfigV2 (dist/, Git with GitOps, KubeRay's logs); the Hugging Face token already reaches vLLM from the huggingFaceSecret (HUGGING_FACE_HUB_TOKEN); for another credential set an env variable to a Secret key: env: { NAME: ${SECRET_REFERENCE} }`);
    } else if (found) {
      problems.add(where, `${found.path} holds what looks like ${found.kind} (the value is not shown) and would be written in clear text to serveConfigV2; pass it through env: { NAME: ${SECRET_REFERENCE} } instead`);
    } else if (elsewhere) {
      problems.add(where, `engineKwargs.${key} cannot be set: ${elsewhere}`);
    } else if (!VLLM_ENGINE_ARGS.has(key) && allowUnknown === undefined) {
      const closest = closestName(key, VLLM_ENGINE_ARGS, (k) => k.toLowerCase().replace(/-/g, '_'));
      const hint = closest ? ` (did you mean "${closest}"?)` : '';
      problems.add(where, `engineKwargs.${key} is not a vLLM ${VLLM_VERSION} engine argument${hint}; Ray Serve LLM would fail with "Unknown engine argument". If the image's vLLM has it, set allowUnknownEngineKwargs to the reason`);
    }
  }

  const tp = degree(problems, where, kwargs, 'tensor_parallel_size');
  const pp = degree(problems, where, kwargs, 'pipeline_parallel_size');
  if (!Number.isNaN(tp) && !Number.isNaN(pp)) {
    if (tp === undefined && pp === undefined) {
      if (gpus > 1) kwargs.tensor_parallel_size = gpus;
    } else if (tp === undefined) {
      if (gpus % pp! !== 0) {
        problems.add(where, `engineKwargs.pipeline_parallel_size (${pp}) must divide gpusPerReplica (${gpus}): tensor_parallel_size x pipeline_parallel_size is the number of GPUs a replica uses`);
      } else {
        kwargs.tensor_parallel_size = gpus / pp!;
      }
    } else if (tp * (pp ?? 1) !== gpus) {
      const product = pp === undefined ? `engineKwargs.tensor_parallel_size (${tp})` : `engineKwargs.tensor_parallel_size (${tp}) x pipeline_parallel_size (${pp})`;
      problems.add(where, `${product} must equal gpusPerReplica (${gpus}): each replica's worker pod has ${gpus} GPU${gpus > 1 ? 's' : ''}`);
    }
  }
  if (lora) {
    if (kwargs.enable_lora !== undefined && kwargs.enable_lora !== true) problems.add(where, 'engineKwargs.enable_lora cannot be false for a model with adapters (the library sets it)');
    kwargs.enable_lora = true;
  }
  return kwargs;
}

/** KubeRay's upgradeStrategy type of each `upgrade` value. */
export const UPGRADE_STRATEGY: Record<UpgradeSpec, UpgradeStrategyType> = { newCluster: 'NewCluster', none: 'None' };

/** A path prefix (its form is checked at the border, lib/list/check-model.ts): not too long, no dot segments, not Ray's or the API's. */
export function pathPrefix(problems: Problems, where: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length > MAX_PATH_LENGTH || raw.split('/').some((segment) => segment === '.' || segment === '..')) {
    problems.add(where, `pathPrefix ${raw.length > MAX_PATH_LENGTH ? `is ${raw.length} characters long; the HTTPRoute path allows at most ${MAX_PATH_LENGTH}` : `"${raw}" may not have a "." or ".." segment (the HTTPRoute CRD refuses "/./" and "/../")`}`);
    return undefined;
  }
  const first = raw.split('/')[1];
  if (RESERVED_PATH_SEGMENTS.includes(first)) {
    problems.add(where, `pathPrefix "${raw}" would capture /${first}/..., which every model serves; choose another first segment`);
    return undefined;
  }
  return raw;
}

/** The bucket of a `gs://bucket/path` location, or undefined for other locations. */
export function gcsBucketOf(location: string | undefined): string | undefined {
  const match = /^gs:\/\/([^/]+)/.exec(location ?? '');
  return match?.[1];
}

/**
 * A `gs://` location's bucket must be a Cloud Storage bucket name (the cluster steps grant the
 * Ray pods read access to it): https://cloud.google.com/storage/docs/buckets#naming.
 */
const GCS_BUCKET = /^[a-z0-9]([a-z0-9._-]{0,220}[a-z0-9])?$/;
export function checkGcsBucket(problems: Problems, where: string, field: string, location: string | undefined): void {
  if (!location?.startsWith('gs://')) return;
  const bucket = gcsBucketOf(location) ?? '';
  if (!GCS_BUCKET.test(bucket)) problems.add(where, `${field} ${JSON.stringify(location)}: "${bucket}" is not a Cloud Storage bucket name (lowercase letters, digits, "-", "_", ".")`);
}

/** The adapters' folder (a gs:// or s3:// folder, checked at the border; "" when it was not one). */
export function storagePath(problems: Problems, where: string, raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  checkGcsBucket(problems, where, 'loraStoragePath', raw);
  return raw.replace(/\/+$/, '');
}
