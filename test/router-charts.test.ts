/**
 * Router chart versions (issue #31 item 5): the values per chart version, chosen by the list's
 * `router.chartVersion`, checked against the charts' own values.yaml (the facts in
 * lib/facts/router-charts.ts) and, where a chart folder and the real helm are here, rendered by helm.
 *
 * The v1.5.0 chart is not committed (nor in ../shared): point RLG_ROUTER_CHART_V1_5_0 at a copy of
 * kubernetes-sigs/gateway-api-inference-extension@v1.5.0 config/charts/body-based-routing
 * (e.g. `git archive v1.5.0 config/charts/body-based-routing | tar -x`). helm: RLG_HELM, else
 * $RLG_REAL_TOOLS/helm-<HELM_VERSION>/helm (scripts/real/versions.env).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { planModels } from '../lib';
import { ROUTER_CHART_FACTS, RouterChartVersion } from '../lib/facts/router-charts';
import { MODEL_NAME_HEADER } from '../lib/facts/router';
import { deployFiles } from '../lib/plan/deploy-files';
import { routerValues, routerValuesYaml } from '../lib/plan/router-values';
import { listProblems } from './support/problems';
import { synthObjects } from './support/synth';
import { HELM } from './support/real-tools';

const REPO = path.resolve(__dirname, '..');
const V140_CHART = path.join(REPO, '../shared/reference/body-based-routing-v1.4.0');
const seedList = () => ({ models: [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }] });
const withVersion = (chartVersion: string) => ({ ...seedList(), router: { chartVersion } });

/** A real program the test needs: its path, or undefined to skip (an error with RLG_REQUIRE_REAL=1: CI builds it, scripts/real/install-helm.sh). */
function real(what: string, candidate: string | undefined): string | undefined {
  if (candidate && fs.existsSync(candidate)) return candidate;
  if (process.env.RLG_REQUIRE_REAL === '1') throw new Error(`RLG_REQUIRE_REAL=1, but ${what} not found (${candidate ?? 'not set'})`);
  return undefined;
}
/** A chart folder given by the environment (never required: CI cannot download the v1.5.0 chart). */
const chartFolder = (dir: string | undefined) => (dir && fs.existsSync(path.join(dir, 'values.yaml')) ? dir : undefined);
const helmPath = process.env.RLG_HELM ?? HELM;

/** Value paths ("bbr.image.registry") of a values document. */
function paths(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...paths(v, `${prefix}${k}.`).filter((p) => p !== `${prefix}${k}.`)]);
}

/** The facts of one version against its chart folder's values.yaml. */
function checkFactsAgainstChart(version: RouterChartVersion, chartDir: string): void {
  const facts = ROUTER_CHART_FACTS[version];
  const chartValues = parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'));
  expect(Object.keys(chartValues.bbr.image).sort()).toEqual([...facts.imageKeys].sort());
  expect(chartValues.bbr.plugins.map((p: { type: string }) => p.type)).toEqual(facts.defaultPlugins);
  // Where the chart's defaults configure a plugin we set, our JSON has the same keys (v1.5.0: fieldName, headerName).
  for (const ours of facts.plugins) {
    const theirs = chartValues.bbr.plugins.find((p: { type: string }) => p.type === ours.type);
    if (theirs?.json) expect(Object.keys(ours.json ?? {}).sort()).toEqual(Object.keys(theirs.json).sort());
  }
  const ours = paths(routerValues(planModels(withVersion(version))));
  for (const p of facts.valuePaths) {
    expect(paths(chartValues)).toContain(p);
    expect(ours).toContain(p);
  }
  // Every leaf we set that is not inside a list is a key the chart declares.
  for (const p of ours.filter((x) => !x.startsWith('bbr.plugins.'))) expect(paths(chartValues)).toContain(p);
}

/** helm template of a chart folder with our values: the router Deployment's args and image. */
function render(helm: string, chartDir: string, version: RouterChartVersion): { args: string[]; image: string; extension: { targetRefs: { name: string }[] } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rlg-router-'));
  try {
    const values = path.join(dir, 'values.yaml');
    fs.writeFileSync(values, routerValuesYaml(planModels(withVersion(version))));
    const out = execFileSync(helm, ['template', 'body-based-router', chartDir, '--namespace', 'default', '--values', values], { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir } });
    const docs = parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
    const deployment = docs.find((d) => d.kind === 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    return { args: container.args, image: container.image, extension: docs.find((d) => d.kind === 'GCPRoutingExtension').spec };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('router chart versions', () => {
  test('the seed stays on v1.4.0: the committed deploy/router-values.yaml and the helm step are unchanged', () => {
    const plan = planModels(parse(fs.readFileSync(path.join(REPO, 'models.yaml'), 'utf8')));
    expect(plan.routerChartVersion).toBeUndefined();
    expect(routerValuesYaml(plan)).toBe(fs.readFileSync(path.join(REPO, 'deploy/router-values.yaml'), 'utf8'));
    expect(fs.readFileSync(path.join(REPO, 'deploy/cluster-steps.tsv'), 'utf8')).toContain('--version=v1.4.0');
  });

  test('v1.4.0 values: body-field-to-header with field_name/header_name (snake case, the v1.4.0 plugin)', () => {
    expect(routerValues(planModels(seedList())).bbr.plugins).toEqual([
      { type: 'body-field-to-header', name: 'openai-model-extractor', json: { field_name: 'model', header_name: MODEL_NAME_HEADER } },
    ]);
    expect(routerValues(planModels(withVersion('v1.4.0')))).toEqual(routerValues(planModels(seedList())));
  });

  test('v1.5.0 values: the chart\'s two default plugins, fieldName/headerName (camel case), nothing else changes', () => {
    const v15 = routerValues(planModels(withVersion('v1.5.0')));
    expect(v15.bbr.plugins).toEqual([
      { type: 'body-field-to-header', name: 'model-extractor', json: { fieldName: 'model', headerName: MODEL_NAME_HEADER } },
      { type: 'base-model-to-header', name: 'base-model-mapper' },
    ]);
    const v14 = routerValues(planModels(seedList()));
    expect({ ...v15, bbr: { ...v15.bbr, plugins: [] } }).toEqual({ ...v14, bbr: { ...v14.bbr, plugins: [] } });
  });

  test('v1.5.0 is what helm installs (--version) and what the GitOps controllers pull', () => {
    const deploy = deployFiles(planModels(withVersion('v1.5.0')), 'deploy');
    expect(deploy['cluster-steps.tsv']).toContain('--version=v1.5.0');
    expect(deploy['cluster-steps.tsv']).not.toContain('--version=v1.4.0');
    const objects = synthObjects({ ...withVersion('v1.5.0'), gitops: { repoURL: 'https://example.com/repo.git', argocd: {} } });
    const argo = objects.find((o) => o.kind === 'Application' && (o.spec as { source: { repoURL: string } }).source.repoURL.includes('body-based-routing'));
    const flux = synthObjects({ ...withVersion('v1.5.0'), gitops: { repoURL: 'https://example.com/repo.git', flux: {} } }).filter((o) => JSON.stringify(o).includes('body-based-routing'));
    expect(JSON.stringify(flux)).toContain('"v1.5.0"');
    expect(JSON.stringify(flux)).not.toContain('"v1.4.0"');
    expect((argo!.spec as { source: { targetRevision: string } }).source.targetRevision).toBe('v1.5.0');
  });

  test('the payload-processor successor is refused with its reason; other versions and fields are named', () => {
    expect(listProblems(withVersion('payload-processor'))).toEqual([
      'router: chartVersion "payload-processor": the payload-processor chart (values key `payloadProcessor`) is not supported yet: llm-d/llm-d-inference-payload-processor has no release yet (no tag; its chart\'s image tag is `main`, checked at commit a3af1b0 of 2026-05-05); use one of v1.4.0, v1.5.0',
    ]);
    expect(listProblems(withVersion('v1.6.0'))).toEqual(['router: chartVersion "v1.6.0" is not supported (supported: v1.4.0, v1.5.0)']);
    expect(listProblems({ ...seedList(), router: { version: 'v1.5.0' } })).toEqual([expect.stringMatching(/^router: unknown field "version"/)]);
  });

  test('the facts of v1.4.0 match its chart (../shared/reference): image keys, default plugins, every value path we set', () => {
    checkFactsAgainstChart('v1.4.0', V140_CHART);
  });

  const v150 = chartFolder(process.env.RLG_ROUTER_CHART_V1_5_0);
  (v150 ? test : test.skip)(`the facts of v1.5.0 match its chart${v150 ? '' : ': skipped, RLG_ROUTER_CHART_V1_5_0 does not name a chart folder'}`, () => {
    checkFactsAgainstChart('v1.5.0', v150!);
  });

  const helm = real(`helm (${helmPath})`, helmPath);
  const renders: [RouterChartVersion, string | undefined, string][] = [
    ['v1.4.0', V140_CHART, `body-field-to-header:openai-model-extractor:{"field_name":"model","header_name":"${MODEL_NAME_HEADER}"}`],
    ['v1.5.0', v150, `body-field-to-header:model-extractor:{"fieldName":"model","headerName":"${MODEL_NAME_HEADER}"}`],
  ];
  for (const [version, chart, plugin] of renders) {
    const ready = helm && chart;
    const why = !helm ? `no helm at ${helmPath} (scripts/real/versions.env HELM_VERSION; set RLG_HELM)` : 'RLG_ROUTER_CHART_V1_5_0 does not name a chart folder';
    (ready ? test : test.skip)(`the real helm renders our ${version} values: the plugin flag that sets ${MODEL_NAME_HEADER}, attached to our Gateway${ready ? '' : `: skipped, ${why}`}`, () => {
      const { args, image, extension } = render(helm!, chart!, version);
      expect(args).toContain(plugin);
      expect(args[args.indexOf(plugin) - 1]).toBe('--plugin');
      if (version === 'v1.5.0') {
        expect(args).toContain('base-model-to-header:base-model-mapper');
        expect(image).toBe('registry.k8s.io/gateway-api-inference-extension/bbr:v1.5.0');
      }
      expect(extension.targetRefs.map((r) => r.name)).toEqual(['ray-multi-model-gateway']);
    });
  }
});
