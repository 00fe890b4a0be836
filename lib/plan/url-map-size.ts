/**
 * An estimate of the size of the URL map GKE builds from a Gateway's routes (all routes of a
 * Gateway share one URL map). Google documents the limit (64 KB on the classic Application Load
 * Balancer, https://cloud.google.com/load-balancing/docs/url-map-size-quota) but not the
 * serialization, so this counts what each rule must carry, with generous fixed overheads: a
 * route rule's own fields and priority, each header match (name and value), each weighted backend
 * service URL (GKE names backend services `gkegw1-<hash>-<namespace>-<service>-<port>-<hash>`,
 * addressed by a full `projects/.../backendServices/...` URL).
 */
import { ModelPlan } from './model-plan';
import { planRoutes } from './route-plan';

/** Fixed part of the URL map (default service, host rule, path matcher). */
export const URL_MAP_BASE_BYTES = 1024;
/** A route rule's priority, match-rule wrapper and route action. */
export const URL_MAP_RULE_BYTES = 200;
/** A header match besides its name and value. */
export const URL_MAP_MATCH_BYTES = 60;
/** A weighted backend service: its URL (project, region, name) and weight. */
export const URL_MAP_BACKEND_BYTES = 220;

export function estimateUrlMapBytes(plan: ModelPlan): number {
  let bytes = URL_MAP_BASE_BYTES;
  for (const route of planRoutes(plan)) {
    for (const rule of route.rules) {
      bytes += URL_MAP_RULE_BYTES + rule.pathPrefix.length;
      for (const value of rule.headerValues) bytes += URL_MAP_MATCH_BYTES + (rule.header?.length ?? 0) + value.length;
      for (const backend of rule.backends) bytes += URL_MAP_BACKEND_BYTES + backend.serviceName.length + (backend.namespace ?? plan.namespace).length;
    }
  }
  return bytes;
}
