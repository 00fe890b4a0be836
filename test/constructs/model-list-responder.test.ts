/** ModelListResponder: the cdk8s-plus conventions on each of its objects, and what it refuses. */
import { Testing } from 'cdk8s';
import * as lib from '../../lib';

const metadata = { labels: { team: 'search' }, annotations: { owner: 'search@example.com' } };

test('ConfigMap, Deployment, Service (its apiObject) and, with source ranges, a NetworkPolicy; metadata on each', () => {
  const chart = Testing.chart();
  const responder = new lib.ModelListResponder(chart, 'x', { name: 'gw-models', namespace: 'llm', modelIds: ['m', 'm:a'], allowedSourceRanges: ['10.0.0.0/24'], metadata });
  const objects = Testing.synth(chart);
  expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'Service', 'NetworkPolicy']);
  for (const o of objects) {
    expect(o.metadata.labels).toMatchObject(metadata.labels);
    expect(o.metadata.annotations).toMatchObject(metadata.annotations);
  }
  expect(responder.apiObject.kind).toBe('Service');
  expect([responder.serviceName, responder.port, responder.healthPath]).toEqual(['gw-models', 8080, '/healthz']);
  expect(JSON.parse(objects[0].data['models.json']).ids).toEqual(['m', 'm:a']);
});

test('without source ranges, no NetworkPolicy; an empty list is refused; the image can be replaced', () => {
  const chart = Testing.chart();
  new lib.ModelListResponder(chart, 'x', { name: 'gw-models', namespace: 'llm', modelIds: ['m'], image: 'registry.example.com/nginx:1.28.0', replicas: 1 });
  const objects = Testing.synth(chart);
  expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Deployment', 'Service']);
  expect(objects[1].spec.replicas).toBe(1);
  expect(objects[1].spec.template.spec.containers[0].image).toBe('registry.example.com/nginx:1.28.0');
  expect(() => new lib.ModelListResponder(Testing.chart(), 'y', { name: 'gw-models', namespace: 'llm', modelIds: [] })).toThrow('ModelListResponder gw-models: modelIds is empty');
});
