/** ServeHealthCheck and ServeBackendPolicy point at a serve Service by object: a RayLlmService or ServeBackend.fromName. */
import { Testing } from 'cdk8s';
import { RayLlmService, SERVICE_IMPORT_BACKEND, ServeBackend, ServeBackendPolicy, ServeHealthCheck } from '../../lib';

type Obj = Record<string, any>;

describe('ServeHealthCheck', () => {
  test('given a RayLlmService: probes /-/healthz on 8000 of its serve Service, in its namespace', () => {
    const chart = Testing.chart();
    const llm = new RayLlmService(chart, 'llm', { modelId: 'm', source: 'm', name: 'gemma', namespace: 'team-a' });
    const hc = new ServeHealthCheck(chart, 'hc', { service: llm, name: 'gemma-hc' });
    const policy = Testing.synth(chart).find((o: Obj) => o.kind === 'HealthCheckPolicy');
    expect(policy.apiVersion).toBe('networking.gke.io/v1');
    expect(policy.metadata).toEqual({ name: 'gemma-hc', namespace: 'team-a' });
    expect(policy.spec).toEqual({
      default: {
        checkIntervalSec: 5,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
        config: { type: 'HTTP', httpHealthCheck: { portSpecification: 'USE_FIXED_PORT', port: 8000, requestPath: '/-/healthz' } },
      },
      targetRef: { group: '', kind: 'Service', name: 'gemma-serve-svc' },
    });
    expect(hc.apiObject.kind).toBe('HealthCheckPolicy');
  });

  test('a ServiceImport backend by name, metadata passed through, own settings', () => {
    const chart = Testing.chart();
    const service = ServeBackend.fromName('gemma-serve-svc', { namespace: 'llm', kind: SERVICE_IMPORT_BACKEND });
    new ServeHealthCheck(chart, 'hc', { service, name: 'hc', intervalSeconds: 10, timeoutSeconds: 7, metadata: { labels: { team: 'a' } } });
    const [policy] = Testing.synth(chart);
    expect(policy.metadata).toEqual({ name: 'hc', namespace: 'llm', labels: { team: 'a' } });
    expect(policy.spec.default.checkIntervalSec).toBe(10);
    expect(policy.spec.default.timeoutSec).toBe(7);
    expect(policy.spec.targetRef).toEqual({ group: 'net.gke.io', kind: 'ServiceImport', name: 'gemma-serve-svc' });
  });
});

describe('ServeBackendPolicy', () => {
  test('timeout defaults to the list default (600 s), attaches to the service object', () => {
    const chart = Testing.chart();
    const llm = new RayLlmService(chart, 'llm', { modelId: 'm', source: 'm', name: 'gemma' });
    new ServeBackendPolicy(chart, 'bp', { service: llm, name: 'gemma-backend' });
    new ServeBackendPolicy(chart, 'bp2', { service: llm, name: 'gemma-backend-2', timeoutSeconds: 90 });
    const policies = Testing.synth(chart).filter((o: Obj) => o.kind === 'GCPBackendPolicy');
    expect(policies.map((p: Obj) => p.spec)).toEqual([
      { default: { timeoutSec: 600 }, targetRef: { group: '', kind: 'Service', name: 'gemma-serve-svc' } },
      { default: { timeoutSec: 90 }, targetRef: { group: '', kind: 'Service', name: 'gemma-serve-svc' } },
    ]);
  });
});
