/** ModelFleet: the typed list added to the user's own App, the same objects the repository's app writes. */
import { App, Testing } from 'cdk8s';
import { buildCharts, ModelFleet, ModelListError, objectsOf, planModels } from '../../lib';
import { RICH_LIST } from '../support/lists';

type Obj = Record<string, any>;

describe('ModelFleet', () => {
  test('a two-model list: Gateway chart, and per model its front end and workloads, as charts of the user\'s App', () => {
    const app = Testing.app();
    const fleet = new ModelFleet(app, 'fleet', { list: { namespace: 'llm', models: [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }, { id: 'qwen', source: 'Qwen/Qwen2.5-3B' }] } });
    expect(app.charts.map((c) => c.node.path)).toEqual(['fleet/namespaces', 'fleet/gateway', 'fleet/model-list', 'fleet/identity-llm', 'fleet/frontend-gemma-2b-it', 'fleet/model-gemma-2b-it', 'fleet/frontend-qwen', 'fleet/model-qwen']);
    const kinds = app.charts.map((c) => c.toJson().map((o: Obj) => `${o.kind}/${o.metadata.name}`));
    expect(kinds).toEqual([
      ['Namespace/llm'],
      ['Gateway/ray-multi-model-gateway', 'HTTPRoute/ray-multi-model-route'],
      ['ConfigMap/ray-multi-model-gateway-models', 'Deployment/ray-multi-model-gateway-models', 'Service/ray-multi-model-gateway-models', 'NetworkPolicy/ray-multi-model-gateway-models', 'HealthCheckPolicy/ray-multi-model-gateway-models-healthcheck'],
      ['ServiceAccount/ray-llm'],
      ['HealthCheckPolicy/gemma-2b-it-serve-healthcheck', 'GCPBackendPolicy/gemma-2b-it-serve-backend'],
      ['RayService/gemma-2b-it', 'NetworkPolicy/gemma-2b-it-ray-ingress'],
      ['HealthCheckPolicy/qwen-serve-healthcheck', 'GCPBackendPolicy/qwen-serve-backend'],
      ['RayService/qwen', 'NetworkPolicy/qwen-ray-ingress'],
    ]);
    expect(fleet.workloads[0].services[0].serveServiceName).toBe('gemma-2b-it-serve-svc');
    expect(fleet.warnings).toEqual([]);
  });

  test('the same objects as buildCharts (what this repository writes to dist/)', () => {
    const app = new App();
    new ModelFleet(app, 'fleet', { list: RICH_LIST });
    const fromFleet = app.charts.flatMap((c) => c.toJson());
    const fromApp = buildCharts(planModels(RICH_LIST)).flatMap(objectsOf) as Obj[];
    const key = (o: Obj) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    expect(fromFleet.map(key).sort()).toEqual(fromApp.map(key).sort());
    expect(fromFleet.length).toBe(21); // 16 + the GET /v1/models responder's 5
  });

  test('a bad list throws one ModelListError naming the model and field, before any chart exists', () => {
    const app = Testing.app();
    expect(() => new ModelFleet(app, 'fleet', { list: { models: [{ id: 'a', source: 'a', gpusPerReplica: 3 }] } })).toThrow(ModelListError);
    expect(() => new ModelFleet(Testing.app(), 'fleet', { list: { models: [{ id: 'a', source: 'a', gpusPerReplica: 3 }] } })).toThrow('models[0] "a": gpusPerReplica');
    expect(app.charts).toEqual([]);
  });
});
