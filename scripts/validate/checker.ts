/**
 * Checks Kubernetes objects the way an API server would on create, without one:
 *   - kinds with a CRD schema in imports/schemas/ (written by `npm run import`): the structural schema
 *     with unknown fields as errors (structural.ts) and every CEL rule on the path (rules.ts, cel.ts);
 *   - core kinds (ConfigMap, Namespace, NetworkPolicy, ...): the `kubernetes-models` schema, when that
 *     package is installed (a dev dependency); it checks types and required fields, not unknown fields;
 *   - any other kind is unknown: the caller lists it as skipped.
 * Shared by the tests and `npm run validate`; needs no CRD files at run time.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Schema } from './cel';
import { checkRules } from './rules';
import { structuralValidator } from './structural';

export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'imports', 'schemas');

/** What a manifest object must have to be checked at all. */
export interface ObjectHead {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
}

export type CheckResult =
  | { readonly status: 'checked'; readonly errors: string[]; readonly transitionRules: string[] }
  | { readonly status: 'unknown' };

type Check = (object: unknown) => { errors: string[]; transitionRules: string[] };

const checks = new Map<string, Check | undefined>();

/** `ray.io/v1` + `RayService` -> imports/schemas/ray.io_v1_RayService.json */
function schemaFile(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.split('/');
  if (!version || !/^[\w.-]+$/.test(group + version + kind)) return undefined;
  const file = path.join(SCHEMA_DIR, `${group}_${version}_${kind}.json`);
  return fs.existsSync(file) ? file : undefined;
}

function crdCheck(file: string): Check {
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
  const structural = structuralValidator(schema);
  return (object) => {
    const rules = checkRules(object, schema);
    return { errors: [...structural(object), ...rules.errors], transitionRules: rules.transitionRules };
  };
}

/** `v1`/`networking.k8s.io/v1` kinds from kubernetes-models, if installed. */
function coreCheck(apiVersion: string, kind: string): Check | undefined {
  const parts = apiVersion.split('/');
  const group = parts.length === 2 ? parts[0] : '';
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  if (!/^[\w.-]+$/.test(apiVersion.replace('/', '') + kind)) return undefined;
  let Model: new (data: unknown) => { validate(): void };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Model = require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return undefined;
  }
  if (typeof Model !== 'function') return undefined;
  return (object) => {
    try {
      new Model(object).validate();
      return { errors: [], transitionRules: [] };
    } catch (error) {
      const list = (error as { errors?: { instancePath: string; message: string }[] }).errors;
      const errors = list?.map((e) => `${e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '<root>'}: ${e.message}`);
      return { errors: errors ?? [String(error)], transitionRules: [] };
    }
  };
}

function checkFor(apiVersion: string, kind: string): Check | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!checks.has(key)) {
    const file = schemaFile(apiVersion, kind);
    checks.set(key, file ? crdCheck(file) : coreCheck(apiVersion, kind));
  }
  return checks.get(key);
}

/** Whether the checker knows this kind (a CRD schema in imports/schemas, or a core kind). */
export function isKnownKind(apiVersion: string, kind: string): boolean {
  return checkFor(apiVersion, kind) !== undefined;
}

/** Checks one object; `unknown` when there is no schema for its apiVersion and kind. */
export function checkObject(object: ObjectHead): CheckResult {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return { status: 'unknown' };
  const check = checkFor(object.apiVersion, object.kind);
  return check ? { status: 'checked', ...check(object) } : { status: 'unknown' };
}
