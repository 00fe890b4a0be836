/**
 * Checks a plan against what its GatewayClass supports (lib/facts/gateway-classes.ts): an unsupported
 * feature is an error naming the field, the class and the source; an unknown one a warning.
 */
import { CLASS_FEATURES, GatewayClassFacts, gatewayClassFacts } from '../facts/gateway-classes';
import { ModelPlan } from './model-plan';
import { Problems } from '../list/problems';
import { estimateUrlMapBytes } from './url-map-size';

type FeatureKey = typeof CLASS_FEATURES[number]['key'];

/** The alternative to the body-based router where a class cannot take its routing extension. */
const NO_ROUTER = '. Set gateway.bodyBasedRouting: false: clients then name the model in the `X-Gateway-Model-Name` header (which the routes match), or call it by path with models[].pathPrefix';

/** The features a plan uses. */
function usedFeatures(plan: ModelPlan): FeatureKey[] {
  const used: FeatureKey[] = ['headerMatch'];
  if (plan.bodyBasedRouting) used.push('routingExtension');
  if (plan.tls?.certificateSecret) used.push('certificateSecret');
  if (plan.tls?.certificateMap) used.push('certificateMap');
  if (plan.models.some((m) => m.deployments.length > 1)) used.push('weights');
  if (plan.models.some((m) => m.pathPrefix)) used.push('urlRewrite');
  if (plan.tls?.http === 'redirect') used.push('redirect');
  if (plan.ruleTimeouts) used.push('ruleTimeouts');
  return CLASS_FEATURES.map((f) => f.key).filter((key) => used.includes(key));
}

/**
 * Adds a problem per unsupported feature (and a URL map past the class's limit); returns the
 * warnings for features whose support nobody documents.
 */
export function checkClassSupport(problems: Problems, plan: ModelPlan): string[] {
  const facts: GatewayClassFacts | undefined = gatewayClassFacts(plan.gatewayClassName);
  if (!facts) return [];
  const warnings: string[] = [];
  for (const key of usedFeatures(plan)) {
    const feature = CLASS_FEATURES.find((f) => f.key === key)!;
    const fact = facts[key];
    if (fact.support === 'unsupported') {
      problems.add('gateway', `className "${facts.name}" does not support ${feature.title} (${feature.field}); source: ${fact.source}${key === 'routingExtension' ? NO_ROUTER : ''}`);
    } else if (fact.support === 'unknown') {
      warnings.push(`gateway className "${facts.name}": support for ${feature.title} (${feature.field}) is unknown; source: ${fact.source}`);
    }
  }
  if (facts.urlMapLimitBytes !== undefined) {
    const bytes = estimateUrlMapBytes(plan);
    if (bytes > facts.urlMapLimitBytes) {
      problems.add('gateway', `the routes of Gateway "${plan.gatewayName}" need about ${Math.ceil(bytes / 1024)} KB of URL map; className "${facts.name}" allows ${facts.urlMapLimitBytes / 1024} KB (source: ${facts.urlMapLimitSource}); use fewer models or aliases, or another class`);
    }
  }
  return warnings;
}
