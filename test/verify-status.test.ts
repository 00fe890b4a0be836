/**
 * The status decisions of scripts/verify/status.ts on single objects: the recorded healthy answer
 * (test/fixtures/status/healthy/default.json) with one field changed per test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { deployFiles } from '../lib/plan/deploy-files';
import { VerifyPlan } from '../lib/plan/verify-plan';
import { K8sObject, statusReport, StatusRow } from '../scripts/verify/status';

const REPO = path.resolve(__dirname, '..');
const plan: VerifyPlan = JSON.parse(deployFiles(planModels(loadModelList(path.join(REPO, 'test/fixtures/lists/cluster/smoke.yaml'))), 'deploy')['verify-plan.json']);
const healthy = (): K8sObject[] => JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/status/healthy/default.json'), 'utf8')).items;
const byName = (items: K8sObject[], kind: string, name: string) => items.find((o) => o.kind === kind && o.metadata.name === name)!;
const row = (items: K8sObject[], name: string): StatusRow => statusReport(plan, [items]).clusters[0].rows.find((r) => r.name === name)!;

describe('status decisions', () => {
  test('the recorded healthy answer is healthy', () => {
    expect(statusReport(plan, [healthy()]).healthy).toBe(true);
  });

  test('an upgrade in progress still serves (active apps RUNNING) and says so, with the new cluster\'s apps', () => {
    const items = healthy();
    const rs = byName(items, 'RayService', 'gemma-2b-it');
    rs.status.conditions[1] = { type: 'UpgradeInProgress', status: 'True', reason: 'BothActivePendingClustersExist' };
    rs.status.pendingServiceStatus = { applicationStatuses: { llm_app: { status: 'DEPLOYING' } } };
    const r = row(items, 'default/gemma-2b-it');
    expect(r.healthy).toBe(true);
    expect(r.detail).toContain('upgrade in progress (new cluster: llm_app DEPLOYING)');
  });

  test('a DEPLOY_FAILED application is not healthy; the hint points at the head\'s logs', () => {
    const items = healthy();
    const rs = byName(items, 'RayService', 'qwen-25-3b');
    rs.status.activeServiceStatus.applicationStatuses.llm_app = { status: 'DEPLOY_FAILED', message: 'ValueError: model not found\nTraceback ...' };
    const r = row(items, 'default/qwen-25-3b');
    expect(r.healthy).toBe(false);
    expect(r.detail).toContain('apps llm_app DEPLOY_FAILED (ValueError: model not found)');
    expect(r.hint).toContain('logs --namespace=default -l ray-llm-gateway/ray-service=qwen-25-3b,ray.io/node-type=head');
  });

  test('Ready True but no serve endpoints is not healthy', () => {
    const items = healthy();
    byName(items, 'RayService', 'qwen-25-3b').status.numServeEndpoints = 0;
    expect(row(items, 'default/qwen-25-3b').healthy).toBe(false);
  });

  test('the head runs, no Serve application ever reported, no event: operator likely blocked', () => {
    const items = healthy();
    const rs = byName(items, 'RayService', 'qwen-25-3b');
    rs.status = { conditions: [{ type: 'Ready', status: 'False', reason: 'Initializing' }] };
    const r = row(items, 'default/qwen-25-3b');
    expect(r.hint).toMatch(/^the KubeRay operator is likely blocked from the head's dashboard \(port 8265\) — the head pod runs but no Serve application status was ever reported/);
  });

  test('a policy with a False condition is not attached; one without status counts as attached', () => {
    const items = healthy();
    byName(items, 'GCPBackendPolicy', 'gemma-2b-it-serve-backend').status = { ancestors: [{ conditions: [{ type: 'Accepted', status: 'False', reason: 'Invalid', message: 'target not found' }] }] };
    delete byName(items, 'HealthCheckPolicy', 'qwen-25-3b-serve-healthcheck').status;
    expect(row(items, 'default/gemma-2b-it-serve-backend')).toMatchObject({ healthy: false, detail: 'Accepted False (Invalid: target not found)' });
    expect(row(items, 'default/qwen-25-3b-serve-healthcheck')).toMatchObject({ healthy: true, detail: 'no status reported (counted as attached)' });
  });

  test('the Gateway without an address, the router without ready replicas: not healthy', () => {
    const items = healthy();
    byName(items, 'Gateway', 'ray-multi-model-gateway').status.addresses = [];
    byName(items, 'Deployment', 'body-based-router').status.readyReplicas = 0;
    expect(row(items, 'default/ray-multi-model-gateway')).toMatchObject({ healthy: false, detail: 'Programmed True (Programmed); address none yet' });
    expect(row(items, 'default/body-based-router')).toMatchObject({ healthy: false, detail: 'router: 0/1 ready' });
  });

  test('a route whose status names another Gateway only: no status for ours yet', () => {
    const items = healthy();
    byName(items, 'HTTPRoute', 'ray-multi-model-route').status.parents[0].parentRef.name = 'other';
    expect(row(items, 'default/ray-multi-model-route')).toMatchObject({ healthy: false, detail: 'no status for parent Gateway ray-multi-model-gateway yet' });
  });
});
