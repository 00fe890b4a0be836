/** Checks of single model fields that need more than a type check. */
import { PodResources } from './model-plan';
import { PodResourcesSpec } from './model-spec';
import { isObject, Problems } from './problems';

const RESOURCE_FIELDS = ['cpu', 'memory', 'ephemeralStorage'];
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Path segments: RFC 3986 unreserved characters, starting with '/', no trailing '/'. */
const PATH_PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;
const STORAGE_PATH = /^(gs|s3):\/\/[^\s]+$/;

/** Environment variables the RayService sets itself; a model may not override them. */
export const RESERVED_ENV = ['HUGGING_FACE_HUB_TOKEN', 'RAY_SERVE_THROUGHPUT_OPTIMIZED', 'RAY_SERVE_ENABLE_HA_PROXY'];
/** First path segments a path prefix may not take: the OpenAI API (every model's) and Ray's health check. */
const RESERVED_PATH_SEGMENTS = ['v1', '-'];

export function quantity(problems: Problems, where: string, field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !QUANTITY.test(text)) {
    problems.add(where, `${field} must be a Kubernetes quantity such as "6", "500m" or "24Gi" (got ${JSON.stringify(value)})`);
    return fallback;
  }
  return text;
}

export function resources(problems: Problems, where: string, field: string, raw: unknown, defaults: PodResources): PodResources {
  if (raw === undefined) return defaults;
  if (!isObject(raw)) {
    problems.add(where, `${field} must be a map with cpu, memory, ephemeralStorage`);
    return defaults;
  }
  problems.unknownFields(`${where} ${field}`, raw, RESOURCE_FIELDS);
  const spec = raw as PodResourcesSpec;
  return {
    cpu: quantity(problems, where, `${field}.cpu`, spec.cpu, defaults.cpu),
    memory: quantity(problems, where, `${field}.memory`, spec.memory, defaults.memory),
    ephemeralStorage: quantity(problems, where, `${field}.ephemeralStorage`, spec.ephemeralStorage, defaults.ephemeralStorage),
  };
}

export function env(problems: Problems, where: string, raw: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(problems.map(where, 'env', raw, 'variable name to string value'))) {
    if (!ENV_NAME.test(name)) problems.add(where, `env "${name}" is not a valid variable name`);
    else if (RESERVED_ENV.includes(name)) problems.add(where, `env "${name}" is set by the library and cannot be overridden`);
    else if (typeof value !== 'string') problems.add(where, `env "${name}" must be a string (quote it in YAML; got ${JSON.stringify(value)})`);
    else result[name] = value;
  }
  return result;
}

/** vLLM engine settings: the user's, plus tensor parallelism for several GPUs and LoRA when adapters are served. */
export function engineKwargs(problems: Problems, where: string, raw: unknown, gpus: number, lora: boolean): Record<string, unknown> {
  const kwargs: Record<string, unknown> = { ...problems.map(where, 'engineKwargs', raw, 'vLLM engine settings') };
  if (gpus > 1) {
    if (kwargs.tensor_parallel_size !== undefined && kwargs.tensor_parallel_size !== gpus) {
      problems.add(where, `engineKwargs.tensor_parallel_size (${JSON.stringify(kwargs.tensor_parallel_size)}) must equal gpusPerReplica (${gpus})`);
    }
    kwargs.tensor_parallel_size = gpus;
  }
  if (lora) {
    if (kwargs.enable_lora === false) problems.add(where, 'engineKwargs.enable_lora cannot be false for a model with adapters');
    kwargs.enable_lora = true;
  }
  return kwargs;
}

export function pathPrefix(problems: Problems, where: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !PATH_PREFIX.test(raw)) {
    problems.add(where, `pathPrefix ${JSON.stringify(raw)} must look like "/gemma": "/" and path segments of letters, digits, ".", "_", "~", "-", no trailing "/"`);
    return undefined;
  }
  const first = raw.split('/')[1];
  if (RESERVED_PATH_SEGMENTS.includes(first)) {
    problems.add(where, `pathPrefix "${raw}" would capture /${first}/..., which every model serves; choose another first segment`);
    return undefined;
  }
  return raw;
}

export function storagePath(problems: Problems, where: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !STORAGE_PATH.test(raw)) {
    problems.add(where, `loraStoragePath ${JSON.stringify(raw)} must be a gs:// or s3:// folder`);
    return undefined;
  }
  return raw.replace(/\/+$/, '');
}
