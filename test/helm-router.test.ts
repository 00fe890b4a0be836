/**
 * The real helm (HELM_MODULE/HELM_VERSION of scripts/real/versions.env, built by
 * scripts/real/install-helm.sh) renders the router chart (../shared/reference/body-based-routing-v1.4.0,
 * used in place) with each list's deploy/router-values.yaml: `helm lint` passes, `helm template`
 * renders, and the rendered objects pass the real kube-apiserver's dry run (client-side and
 * server-side apply, strict validation, no warnings).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planAnyList } from './support/problems';
import { ROUTER_RELEASE_NAME } from '../lib/facts/router';
import { deployFiles, ROUTER_VALUES_FILE } from '../lib/plan/deploy-files';
import { controlPlane, describeWithControlPlane } from './support/control-plane';
import { everyList } from './support/every-list';
import { describeWithReal, HELM, missingTool, realVersions } from './support/real-tools';
import { ROOT } from './support/synth';

const CHART = path.resolve(ROOT, '..', 'shared', 'reference', 'body-based-routing-v1.4.0');

/**
 * The upstream chart's own lint warning (its rbac.yaml starts with an indented comment), which is
 * why `helm lint --strict` cannot pass whatever the values; any other warning or error fails.
 */
const CHART_WARNINGS = ['[WARNING] templates/rbac.yaml: document starts with an illegal indent: " ## if bbr is set in a single namespace", which may cause parsing problems'];

/**
 * Each list's router values and namespace, in a temp folder as synth writes them to deploy/. Lists
 * with the same values and namespace are rendered once (named by all of them).
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-router-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const byValues = new Map<string, { names: string[]; text: string; namespace: string }>();
for (const [name, list] of everyList()) {
  const plan = planAnyList(list);
  const text = deployFiles(plan, 'deploy')[ROUTER_VALUES_FILE];
  const key = `${plan.namespace}\n${text}`;
  const seen = byValues.get(key);
  if (seen) seen.names.push(name);
  else byValues.set(key, { names: [name], text, namespace: plan.namespace });
}
const lists = [...byValues.values()].map((entry, index) => {
  const values = path.join(work, `${index}-${ROUTER_VALUES_FILE}`);
  fs.writeFileSync(values, entry.text);
  return { name: entry.names.join(', '), values, namespace: entry.namespace };
});

function helm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // Its own config and cache folders: no repository or registry configuration of the machine takes part.
  const home = path.join(work, '.helm');
  const env = { ...process.env, HELM_CONFIG_HOME: `${home}/config`, HELM_CACHE_HOME: `${home}/cache`, HELM_DATA_HOME: `${home}/data` };
  return spawnSync(HELM, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
}

const missing = missingTool([HELM], 'scripts/real/install-helm.sh') ?? (fs.existsSync(CHART) ? undefined : `no router chart at ${CHART}`);

describeWithReal(`helm ${realVersions().HELM_VERSION} and the router chart`, missing, () => {
  test('the pinned helm runs', () => {
    expect(helm(['version', '--short']).stdout.trim()).toBe(realVersions().HELM_VERSION);
  });

  test.each(lists.map((l) => [l.name, l] as const))('helm lint and template with the router values of %s', (_name, list) => {
    const lint = helm(['lint', CHART, '--namespace', list.namespace, '-f', list.values]);
    expect([lint.status, lint.stderr]).toEqual([0, '']);
    expect(lint.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    const findings = lint.stdout.split('\n').filter((line) => /^\[(WARNING|ERROR)\]/.test(line));
    expect(findings.filter((line) => !CHART_WARNINGS.includes(line))).toEqual([]);
    const rendered = helm(['template', ROUTER_RELEASE_NAME, CHART, '--namespace', list.namespace, '-f', list.values]);
    expect([rendered.status, rendered.stderr]).toEqual([0, '']);
    // Our values reach the objects: the GKE provider's routing extension on our Gateway.
    expect(rendered.stdout).toMatch(/kind: GCPRoutingExtension/);
    fs.writeFileSync(`${list.values}.rendered.yaml`, rendered.stdout);
  });

  test('the judge can fail: values the chart cannot render fail helm lint', () => {
    const bad = path.join(work, 'bad-values.yaml');
    fs.writeFileSync(bad, 'provider: gke\n');
    const lint = helm(['lint', CHART, '-f', bad]);
    expect(lint.status).not.toBe(0);
    expect(lint.stdout).toMatch(/\[ERROR\]/);
  });
  test('several lists share router values: at least the seed\'s and one other are rendered', () => {
    expect(lists.length).toBeGreaterThanOrEqual(2);
  });

  describeWithControlPlane('the rendered router passes the real kube-apiserver', () => {
    test.each(lists.map((l) => [l.name, l] as const))('%s', (_name, list) => {
      const cp = controlPlane()!;
      const file = `${list.values}.rendered.yaml`;
      if (!fs.existsSync(file)) fs.writeFileSync(file, helm(['template', ROUTER_RELEASE_NAME, CHART, '--namespace', list.namespace, '-f', list.values]).stdout);
      cp.ensureNamespace(list.namespace);
      for (const mode of [[], ['--server-side', '--field-manager=helm']]) {
        const out = cp.kubectl(['apply', '--dry-run=server', '--validate=strict', '--namespace', list.namespace, ...mode, '-f', file]);
        const warnings = out.stderr.split('\n').filter((line) => /^Warning:/i.test(line));
        expect([out.status, warnings, out.status === 0 ? '' : out.stderr]).toEqual([0, [], '']);
      }
    }, 120_000);
  });
});
