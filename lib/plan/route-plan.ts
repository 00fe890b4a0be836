/**
 * Which rules the model list needs and how they are spread over HTTPRoutes. A model's rules stay
 * together; routes are filled in list order (the default model's rule first, the `/v1/models` rule last), so appending a
 * model changes only the last route.
 */
import { ModelPlan, PlannedModel, stableOf } from './model-plan';
import { BackendKind, SERVICE_BACKEND, SERVICE_IMPORT_BACKEND } from '../facts/backend-kind';
import { routeName } from './names';
import { MODEL_LIST_PATH_PREFIX } from './model-list-plan';
import { BASE_MODEL_NAME_HEADER, MODEL_NAME_HEADER } from '../facts/router';
import { MAX_ROUTE_MATCHES, MAX_ROUTE_RULES } from '../facts/gateway-api';


/** One backend of a rule: a serve Service and its share of the rule's requests. */
export interface RuleBackend {
  readonly serviceName: string;
  /** The Service's namespace, when it is not the route's. */
  readonly namespace?: string;
  /** A Service, or (multi-cluster) a ServiceImport of that name. */
  readonly kind: BackendKind;
  /** Percent; undefined for a rule's only backend (no weight written). */
  readonly weight?: number;
  /** The Service's port; undefined: Ray Serve's 8000. */
  readonly port?: number;
}

/** One HTTPRoute rule. */
export interface RulePlan {
  /** Exact values of `header` (one match each); empty for a rule matching by path alone. */
  readonly header?: string;
  readonly headerValues: readonly string[];
  /** PathPrefix the rule matches; `/` with headers. */
  readonly pathPrefix: string;
  /** Rewrite the matched prefix to `/` (path-prefix rules). */
  readonly rewriteToRoot: boolean;
  readonly backends: readonly RuleBackend[];
  /** `timeouts.request` in seconds, when rule timeouts are on. */
  readonly timeoutSeconds?: number;
}

export interface RoutePlan {
  readonly name: string;
  readonly rules: readonly RulePlan[];
}

function matchCount(rule: RulePlan): number {
  return Math.max(rule.headerValues.length, 1);
}

/** The kind of backend routes name: ServiceImports when the models run in several clusters. */
export function backendKindOf(plan: ModelPlan): BackendKind {
  return plan.clusters.length > 0 ? SERVICE_IMPORT_BACKEND : SERVICE_BACKEND;
}

function backends(model: PlannedModel, routeNamespace: string, kind: BackendKind): RuleBackend[] {
  const namespace = model.namespace === routeNamespace ? {} : { namespace: model.namespace };
  const deployments = model.deployments;
  if (deployments.length === 1) return [{ serviceName: stableOf(model).serveServiceName, kind, ...namespace }];
  return deployments.map((d) => ({ serviceName: d.serveServiceName, kind, ...namespace, weight: d.weight }));
}

/** The rules of one model, in a fixed order: model name, base model (adapters), path. */
export function modelRules(model: PlannedModel, routeNamespace: string, ruleTimeouts: boolean, kind: BackendKind = SERVICE_BACKEND): RulePlan[] {
  const common = { backends: backends(model, routeNamespace, kind), timeoutSeconds: ruleTimeouts ? model.timeoutSeconds : undefined };
  const rules: RulePlan[] = [
    { header: MODEL_NAME_HEADER, headerValues: [model.id], pathPrefix: '/', rewriteToRoot: false, ...common },
  ];
  if (model.adapters.length > 0) {
    rules.push({ header: BASE_MODEL_NAME_HEADER, headerValues: [model.id], pathPrefix: '/', rewriteToRoot: false, ...common });
  }
  if (model.pathPrefix) {
    rules.push({ headerValues: [], pathPrefix: model.pathPrefix, rewriteToRoot: true, ...common });
  }
  return rules;
}

/** Every HTTPRoute the plan needs, with its rules. */
export function planRoutes(plan: ModelPlan): RoutePlan[] {
  const groups: RulePlan[][] = [];
  const defaultModel = plan.models.find((m) => m.id === plan.defaultModel);
  if (defaultModel) {
    groups.push([{ headerValues: [], pathPrefix: '/', rewriteToRoot: false, backends: backends(defaultModel, plan.namespace, backendKindOf(plan)), timeoutSeconds: plan.ruleTimeouts ? defaultModel.timeoutSeconds : undefined }]);
  }
  for (const model of plan.models) groups.push(modelRules(model, plan.namespace, plan.ruleTimeouts, backendKindOf(plan)));
  // GET /v1/models, last: its path prefix outranks every model rule wherever it stands (lib/plan/model-list-plan.ts).
  if (plan.modelList) {
    groups.push([{ headerValues: [], pathPrefix: MODEL_LIST_PATH_PREFIX, rewriteToRoot: false, backends: [{ serviceName: plan.modelList.name, kind: backendKindOf(plan), port: plan.modelList.port }] }]);
  }

  const routes: RulePlan[][] = [];
  let current: RulePlan[] = [];
  for (const group of groups) {
    const rules = current.length + group.length;
    const matches = [...current, ...group].reduce((sum, rule) => sum + matchCount(rule), 0);
    if (current.length > 0 && (rules > MAX_ROUTE_RULES || matches > MAX_ROUTE_MATCHES)) {
      routes.push(current);
      current = [];
    }
    current = [...current, ...group];
  }
  routes.push(current);
  return routes.map((rules, index) => ({ name: routeName(plan.routeName, index + 1), rules }));
}
