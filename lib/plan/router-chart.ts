/**
 * The list's `router`: which version of the body-based router's chart to install
 * (lib/facts/router-charts.ts). The successor chart (llm-d's payload-processor) is refused with
 * its reason until it has a release.
 */
import { PAYLOAD_PROCESSOR_CHART, ROUTER_CHART_VERSIONS, RouterChartVersion } from '../facts/router-charts';
import { Problems } from '../list/problems';
import { RouterSpec } from '../list/list-spec';
import type { ModelPlan } from './model-plan';

/** The plan's router chart version; nothing when the list leaves it out (the seed's chart). */
export function planRouterChart(problems: Problems, router: RouterSpec | undefined): Pick<ModelPlan, 'routerChartVersion'> {
  if (router?.chartVersion === undefined) return {};
  const version: string = router.chartVersion;
  if ((ROUTER_CHART_VERSIONS as readonly string[]).includes(version)) return { routerChartVersion: version as RouterChartVersion };
  if (version.includes(PAYLOAD_PROCESSOR_CHART.name)) {
    problems.add('router', `chartVersion "${version}": the ${PAYLOAD_PROCESSOR_CHART.name} chart (values key \`${PAYLOAD_PROCESSOR_CHART.valuesKey}\`) is not supported yet: ${PAYLOAD_PROCESSOR_CHART.why}; use one of ${ROUTER_CHART_VERSIONS.join(', ')}`);
  } else {
    problems.add('router', `chartVersion "${version}" is not supported (supported: ${ROUTER_CHART_VERSIONS.join(', ')})`);
  }
  return {};
}
