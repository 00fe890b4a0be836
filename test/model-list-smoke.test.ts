/**
 * `cluster.sh test` for issue #31: the smoke requests the verify plan adds for GET /v1/models, and
 * the API key a keyed list's smoke test sends (from the Secret, through the pod's environment,
 * never on a command line). The script's own flow is tested in test/verify-script.test.ts.
 */
import { planModels } from '../lib';
import type { ModelListSpec } from '../lib/list/list-spec';
import { deployFiles } from '../lib/plan/deploy-files';
import type { VerifyPlan } from '../lib/plan/verify-plan';
import { curlArgs, smokePod, smokeRequests, smokeRows } from '../scripts/verify/smoke';
import type { StatusReport } from '../scripts/verify/status';
import { controlPlane, describeWithControlPlane } from './support/control-plane';
import { ofKind, synthObjects } from './support/synth';

const MODELS = [
  { id: 'gemma-2b-it', source: 'google/gemma-2b-it', adapters: ['sql'], loraStoragePath: 'gs://example-bucket/lora' },
  { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B' },
];
const KEYED = { gateway: { className: 'gke-l7-regional-external-managed' }, governance: { apigee: { location: 'us-central1' }, apiKeySecret: { name: 'llm-api-key' } }, models: MODELS };
const verifyPlanOf = (list: ModelListSpec): VerifyPlan => JSON.parse(deployFiles(planModels(list), 'deploy')['verify-plan.json']);
const healthy: StatusReport = { clusters: [], healthy: true } as unknown as StatusReport;
const out = (body: unknown, code: number) => `${JSON.stringify(body)}\n${code} 0.004\n`;

describe('GET /v1/models in the smoke test', () => {
  const plan = verifyPlanOf({ models: MODELS });

  test('the verify plan carries the names the list must show, and the responder\'s health check is a status row', () => {
    expect(plan.smoke.modelList).toEqual({ ids: ['gemma-2b-it', 'gemma-2b-it:sql', 'qwen-2.5-3b'] });
    expect(plan.clusters[0].policies).toContainEqual({ kind: 'HealthCheckPolicy', namespace: 'default', name: 'ray-multi-model-gateway-models-healthcheck' });
    expect(verifyPlanOf({ gateway: { modelList: false }, models: MODELS }).smoke.modelList).toBeUndefined();
  });

  test('three GETs after the chat requests: the list, the first name\'s object, an unknown id; plain GETs, no body', () => {
    expect(smokeRequests(plan).map((r) => [r.name, r.expect])).toEqual([
      ['gemma-2b-it', 'model'], ['gemma-2b-it:sql', 'model'], ['qwen-2.5-3b', 'model'], ['ray-llm-gateway-smoke-no-such-model', 'unknown'],
      ['GET /v1/models', 'list'], ['GET /v1/models/gemma-2b-it', 'object'], ['GET /v1/models/ray-llm-gateway-smoke-no-such-model', 'unknown-object'],
    ]);
    expect(curlArgs(plan, '10.0.0.5', 'GET /v1/models')).toEqual(['curl', '-sS', '--max-time', '300', '--write-out', '\\n%{http_code} %{time_total}', 'http://10.0.0.5/v1/models']);
    expect(curlArgs(plan, '10.0.0.5', 'qwen-2.5-3b')).toContain('--data');
  });

  test('the verdict: the list must name exactly the routed names; the object its id; the unknown id a 404 error', () => {
    const list = (ids: string[]) => out({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'ray-llm-gateway' })) }, 200);
    const chats = ['gemma-2b-it', 'gemma-2b-it:sql', 'qwen-2.5-3b'].map((model) => out({ model }, 200));
    const unknown = 'fault filter abort\n404 0.002\n';
    const good = smokeRows(plan, healthy, [...chats, unknown, list(['gemma-2b-it', 'gemma-2b-it:sql', 'qwen-2.5-3b']), out({ id: 'gemma-2b-it', object: 'model' }, 200), out({ error: { code: 'model_not_found' } }, 404)]);
    expect(good.map((r) => r.ok)).toEqual(Array(7).fill(true));
    const bad = smokeRows(plan, healthy, [...chats, unknown, list(['gemma-2b-it', 'old-model']), unknown, unknown]);
    expect(bad.slice(4).map((r) => [r.name, r.ok, r.cause])).toEqual([
      ['GET /v1/models', false, 'the list lacks gemma-2b-it:sql, qwen-2.5-3b and has old-model'],
      ['GET /v1/models/gemma-2b-it', false, 'GET /v1/models reached no responder (404): the model list rule is missing or not programmed'],
      ['GET /v1/models/ray-llm-gateway-smoke-no-such-model', false, 'a 404 without an OpenAI error body: not the model list responder'],
    ]);
  });
});

describe('a keyed list: the smoke test sends its key from the Secret', () => {
  const plan = verifyPlanOf(KEYED);

  test('the verify plan names the Secret and the header, never a key', () => {
    expect(plan.smoke.apiKey).toEqual({ secretName: 'llm-api-key', secretKey: 'api-key', header: 'x-api-key' });
    expect(verifyPlanOf({ models: MODELS }).smoke.apiKey).toBeUndefined();
  });

  test('the pod gets the key as an environment variable from the Secret; every curl sends it, expanded by curl itself', () => {
    const pod = smokePod(plan) as { spec: { containers: { env?: unknown }[] } };
    expect(pod.spec.containers[0].env).toEqual([{ name: 'RLG_API_KEY', valueFrom: { secretKeyRef: { name: 'llm-api-key', key: 'api-key' } } }]);
    for (const request of smokeRequests(plan)) {
      const args = curlArgs(plan, '10.0.0.5', request.name);
      const at = args.indexOf('--variable');
      expect([request.name, args.slice(at, at + 4)]).toEqual([request.name, ['--variable', '%RLG_API_KEY', '--expand-header', 'x-api-key: {{RLG_API_KEY:trim}}']]);
    }
    // Unkeyed lists send no key and the pod has no env.
    const plain = verifyPlanOf({ models: MODELS });
    expect((smokePod(plain) as { spec: { containers: { env?: unknown }[] } }).spec.containers[0].env).toBeUndefined();
    expect(curlArgs(plain, '10.0.0.5', 'qwen-2.5-3b')).not.toContain('--variable');
  });

  test('nothing of the key is in dist/: no Secret object, only the reference in the verify plan', () => {
    const objects = synthObjects(KEYED);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(JSON.stringify(objects)).not.toContain('llm-api-key');
  });
});

describeWithControlPlane('on a real API server where Pod Security enforces "restricted"', () => {
  const cp = () => controlPlane()!;
  const ns = 'model-list-restricted';
  beforeAll(() => {
    cp().kubectl(['create', 'namespace', ns]);
    cp().kubectl(['create', 'serviceaccount', 'default', `--namespace=${ns}`]);
    cp().kubectl(['label', '--overwrite', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);
  });
  const dryRun = (object: unknown) => cp().kubectl(['create', '--dry-run=server', '--validate=strict', '--filename=-'], JSON.stringify(object));

  test('the responder\'s objects are accepted without warnings', () => {
    const objects = synthObjects({ namespace: ns, models: MODELS }).filter((o) => o.metadata.name.startsWith('ray-multi-model-gateway-models'));
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'Service', 'NetworkPolicy', 'HealthCheckPolicy']);
    for (const object of objects) {
      const result = dryRun(object);
      expect([object.kind, result.status, result.stderr]).toEqual([object.kind, 0, '']);
    }
  });

  test('the keyed smoke pod is accepted without warnings', () => {
    const pod = smokePod(verifyPlanOf(KEYED)) as { metadata: { namespace: string } };
    pod.metadata.namespace = ns;
    const result = dryRun(pod);
    expect([result.status, result.stderr]).toEqual([0, '']);
  });
});
