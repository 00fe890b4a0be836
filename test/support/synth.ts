/** Test helpers: synthesize a model list in memory. */
import * as path from 'path';
import { buildCharts, loadModelList, ModelListSpec, objectsOf, planModels } from '../../lib';

export const ROOT = path.join(__dirname, '..', '..');
/** The user's list: read only by the default-synth snapshot (main.test.ts), never by other tests. */
export const DEFAULT_MODELS_FILE = path.join(ROOT, 'models.yaml');
/** The seed list the tests use in place of models.yaml (which users edit every day). */
export const SEED_LIST_FILE = path.join(ROOT, 'test', 'fixtures', 'lists', 'seed.yaml');

/** A Kubernetes object as synthesized (plain JSON). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec?: any;
  data?: any;
  [key: string]: unknown;
}

/** Every chart's objects, by the path of its file in dist/ (`<namespace>/<chart>.k8s.yaml`). */
export function synthFiles(list: ModelListSpec | unknown): Record<string, K8sObject[]> {
  return Object.fromEntries(buildCharts(planModels(list as ModelListSpec)).map((file) => [file.path, objectsOf(file) as K8sObject[]]));
}

export function synthObjects(list: ModelListSpec | unknown): K8sObject[] {
  return Object.values(synthFiles(list)).flat();
}

/** The seed list (test/fixtures/lists/seed.yaml): two L4 models, gemma-2b-it and qwen-2.5-3b, 2 replicas each. */
export function defaultList(): ModelListSpec {
  return loadModelList(SEED_LIST_FILE);
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}
