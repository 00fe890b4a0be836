/**
 * The recorded answers of test/fixtures/status/ have the shape the upstream CRDs give (so status
 * reads the fields KubeRay, Gateway API and GKE write), and the smoke pod is accepted by a real
 * API server in a namespace that enforces the `restricted` Pod Security level.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, planModels } from '../lib';
import { deployFiles } from '../lib/plan/deploy-files';
import { smokePod } from '../scripts/verify/smoke';
import { controlPlane, describeWithControlPlane } from './support/control-plane';
import { crdSchemaErrors, isKnownKind } from './support/crd-schemas';

const STATUS = path.resolve(__dirname, 'fixtures', 'status');
const CASES = fs.readdirSync(STATUS).filter((f) => fs.statSync(path.join(STATUS, f)).isDirectory());

describe('recorded status answers', () => {
  test('there are the five cases', () => {
    expect(CASES.sort()).toEqual(['healthy', 'operator-blocked', 'pending-head', 'ray-404', 'route-not-accepted']);
  });

  test.each(CASES)('%s: every object of a known kind matches its schema (spec left out of the recording)', (name) => {
    const items = JSON.parse(fs.readFileSync(path.join(STATUS, name, 'default.json'), 'utf8')).items;
    const errors = items.filter((o: { apiVersion: string; kind: string }) => isKnownKind(o.apiVersion, o.kind)).flatMap((o: { kind: string; metadata: { name: string } }) =>
      crdSchemaErrors(o as never).filter((e) => !e.startsWith('spec:') && !e.includes("required property 'spec'")).map((e) => `${o.kind} ${o.metadata.name}: ${e}`));
    expect(errors).toEqual([]);
    expect(items.map((o: { kind: string }) => o.kind)).toEqual(expect.arrayContaining(['RayService', 'Pod', 'Gateway', 'HTTPRoute', 'HealthCheckPolicy', 'GCPBackendPolicy', 'Deployment']));
  });
});

describeWithControlPlane('the smoke pod on a real API server', () => {
  test('accepted (server dry run) where Pod Security enforces "restricted", without warnings', () => {
    const cp = controlPlane()!;
    const ns = 'verify-smoke';
    const plan = JSON.parse(deployFiles(planModels(loadModelList(path.resolve(__dirname, 'fixtures/lists/cluster/smoke.yaml'))), 'deploy')['verify-plan.json']);
    const pod = smokePod(plan) as { metadata: { namespace: string } };
    pod.metadata.namespace = ns;
    cp.kubectl(['create', 'namespace', ns]);
    cp.kubectl(['create', 'serviceaccount', 'default', `--namespace=${ns}`]); // no controller-manager here creates it
    expect(cp.kubectl(['label', '--overwrite', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']).status).toBe(0);
    const result = cp.kubectl(['create', '--dry-run=server', '--validate=strict', '--filename=-'], JSON.stringify(pod));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('pod/ray-llm-gateway-smoke created (server dry run)');
  });
});
