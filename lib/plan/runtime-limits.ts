/**
 * What the runtime refuses although the API server accepts it, checked at synth: vLLM's range of
 * gpu_memory_utilization, an image that is not Ray's Serve LLM image of the deployment's rayVersion,
 * and objects too large for `kubectl apply` (client-side, as scripts/cluster.sh applies) to store.
 */
import { IMAGE_REFERENCE, RAY_VERSION, SHA256_DIGEST } from '../facts/image-reference';
import {
  GPU_MEMORY_UTILIZATION_RANGE, LAST_APPLIED_ANNOTATION, RAY_LLM_IMAGE_REPOSITORY, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
} from '../facts/runtime-limits';
import { Problems, show } from '../spec/problems';
import { PlannedDeployment } from './model-plan';

/** engineKwargs.gpu_memory_utilization when given and in vLLM's range (0, 1]; undefined otherwise. */
export function gpuMemoryUtilization(engineKwargs: Readonly<Record<string, unknown>>): number | undefined {
  const value = engineKwargs.gpu_memory_utilization;
  const inRange = typeof value === 'number' && value > GPU_MEMORY_UTILIZATION_RANGE.exclusiveMinimum && value <= GPU_MEMORY_UTILIZATION_RANGE.maximum;
  return inRange ? value : undefined;
}

function checkGpuMemoryUtilization(problems: Problems, where: string, d: PlannedDeployment): void {
  const value = d.engineKwargs.gpu_memory_utilization;
  if (value === undefined || gpuMemoryUtilization(d.engineKwargs) !== undefined) return;
  problems.add(where, `engineKwargs.gpu_memory_utilization ${show(value)} must be a number greater than 0 and at most 1 (the fraction of each GPU's memory vLLM may use); vLLM refuses any other value when the replica starts`);
}

/** The image must be Ray's Serve LLM image (repository ray-llm) whose tag starts with rayVersion. */
function checkImageMatchesRayVersion(problems: Problems, where: string, d: PlannedDeployment, imageGiven: boolean): void {
  const match = IMAGE_REFERENCE.exec(d.image);
  if (!match || !RAY_VERSION.test(d.rayVersion)) return; // the form is reported by image-fields.ts
  const [, name, tag, digest] = match;
  if (digest !== undefined && !SHA256_DIGEST.test(digest)) return;
  const repository = name.slice(name.lastIndexOf('/') + 1);
  const image = `image ${show(d.image)}${imageGiven ? '' : ' (the default)'}`;
  const wanted = `rayproject/${RAY_LLM_IMAGE_REPOSITORY}:${d.rayVersion}-py311-cu128`;
  if (repository !== RAY_LLM_IMAGE_REPOSITORY) {
    problems.add(where, `${image} is not a Ray Serve LLM image: its repository is "${repository}", not "${RAY_LLM_IMAGE_REPOSITORY}", so it has no vLLM and the Serve app's import_path ray.serve.llm:build_openai_app fails; use ${wanted} (or your registry's copy of it, named ${RAY_LLM_IMAGE_REPOSITORY})`);
    return;
  }
  if (tag === undefined && digest !== undefined) return; // pinned by digest only: the tag that names the version is not there to compare
  const shownTag = tag ?? 'latest (no tag)';
  if (tag === undefined || !(tag === d.rayVersion || tag.startsWith(`${d.rayVersion}-`))) {
    problems.add(where, `${image} has the tag ${shownTag}, which is not Ray ${d.rayVersion} (rayVersion): KubeRay and the Ray processes in the image would disagree on the version; set image and rayVersion together, e.g. image ${wanted} with rayVersion "${d.rayVersion}"`);
  }
}

/** The deployment's fields against the runtime's limits (called once, by planDeployment). */
export function checkRuntimeLimits(problems: Problems, where: string, d: PlannedDeployment, spec: Readonly<Record<string, unknown>>): void {
  checkGpuMemoryUtilization(problems, where, d);
  checkImageMatchesRayVersion(problems, where, d, spec.image !== undefined);
}

interface SizedObject { kind?: string; metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> } }

/**
 * The bytes client-side `kubectl apply` adds to the object's annotations: the key, and the object as
 * compact JSON with a closing newline, whose metadata holds `annotations` (empty if it had none; the
 * copy's own key is left out). Go's JSON writes <, > and & as 6-byte \u escapes. Measured against
 * the real kube-apiserver and kubectl (test/runtime-limits.test.ts).
 */
export function lastAppliedBytes(object: SizedObject): number {
  const copy = object.metadata?.annotations ? object : { ...object, metadata: { ...object.metadata, annotations: {} } };
  const json = `${JSON.stringify(copy)}\n`;
  const escaped = (json.match(/[<>&]/g) ?? []).length * 5;
  return LAST_APPLIED_ANNOTATION.length + Buffer.byteLength(json, 'utf8') + escaped;
}

/**
 * Objects `kubectl apply` cannot store: their annotations with the last-applied copy over
 * Kubernetes' 256 KiB. Chosen over applying server-side (which needs no copy): scripts/cluster.sh
 * applies client-side, and a refusal at synth names the object and the numbers before anything
 * runs. The API server's request limit (MAX_REQUEST_BODY_BYTES, 3 MiB) is then never reached:
 * a request is the object plus its copy, so under 2 x 256 KiB. One message per object; [] when all fit.
 */
export function oversizedObjects(file: string, objects: readonly SizedObject[]): string[] {
  return objects.flatMap((object) => {
    const own = Object.entries(object.metadata?.annotations ?? {}).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
    const copy = lastAppliedBytes(object);
    const annotations = own + copy;
    const name = `${object.kind ?? '?'} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? '?'} (${file})`;
    if (annotations > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
      return [`${name} is too large for kubectl apply: with its last-applied copy its annotations take ${annotations} bytes, over Kubernetes' limit of ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes (256 KiB; "metadata.annotations: Too long"); make the model's fields smaller (engineKwargs, env, adapters) or split it`];
    }
    return [];
  });
}
