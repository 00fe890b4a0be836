/**
 * The list's `modelCache` and each deployment's use of it: which deployments read their weights from
 * the bucket (docs/cold-start.md), the bucket folder and the fill Job of each.
 */
import * as defaults from '../list/defaults';
import { ModelCacheSpec } from '../list/list-spec';
import { ModelSpec } from '../list/model-spec';
import { Problems } from '../list/problems';
import { ModelPlan, PlannedCluster, PlannedDeployment, PlannedModel } from './model-plan';
import { fillJobName } from './names';

/** Cloud Storage bucket names (no dots: a dotted name needs domain verification). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** A Hugging Face repository id: `owner/name`. */
const HF_REPO = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface ListModelCache {
  readonly bucket: string;
  readonly allModels: boolean;
}

export function planListModelCache(problems: Problems, spec: ModelCacheSpec | undefined): ListModelCache | undefined {
  if (spec === undefined) return undefined;
  const bucket = spec.bucket;
  if (bucket !== '' && !BUCKET_NAME.test(bucket)) problems.add('modelCache', `bucket "${bucket}" is not a Cloud Storage bucket name (3 to 63 lowercase letters, digits, "-" or "_", no dots)`);
  return { bucket, allModels: spec.allModels ?? defaults.DEFAULT_MODEL_CACHE_ALL_MODELS };
}

/** The model with `modelCache` set on each deployment that reads from the bucket. */
export function cacheModel(problems: Problems, where: string, spec: ModelSpec, model: PlannedModel, cache: ListModelCache | undefined): PlannedModel {
  const deployments = model.deployments.map((deployment): PlannedDeployment => {
    const at = deployment.role === 'stable' ? where : `${where} canary`;
    const given = deployment.role === 'canary' && spec.canary && 'modelCache' in spec.canary ? spec.canary.modelCache : spec.modelCache;
    const on = given ?? cache?.allModels ?? false;
    if (!on) return deployment;
    if (!cache) {
      problems.add(at, 'modelCache is true but the list has no modelCache (set modelCache.bucket at the top of the list)');
      return deployment;
    }
    if (!HF_REPO.test(deployment.source)) {
      if (given === true) problems.add(at, `modelCache needs a Hugging Face source such as google/gemma-2b-it (got "${deployment.source}"); set modelCache: false`);
      return deployment;
    }
    const fillJob = fillJobName(deployment.name, `${cache.bucket}\n${deployment.source}\n${deployment.image}`);
    return { ...deployment, modelCache: { bucket: cache.bucket, folder: deployment.source, fillJobName: fillJob } };
  });
  return { ...model, deployments };
}

/**
 * The cluster that runs a model's fill Jobs: the first of the fleet that runs the model (it has the
 * Hugging Face Secret in the model's namespace and pulls the model's image anyway); undefined with
 * one cluster.
 */
export function fillClusterOf(plan: ModelPlan, model: PlannedModel): PlannedCluster | undefined {
  return plan.clusters.find((c) => model.clusters.includes(c.name));
}
