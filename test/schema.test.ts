/** Every synthesized object validates against its real schema: CRDs for KubeRay and Gateway API, @kubernetes-models/gke for GKE. */
import { ServiceExport } from '@kubernetes-models/gke/net.gke.io/v1/ServiceExport';
import { GCPBackendPolicy } from '@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy';
import { HealthCheckPolicy } from '@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import * as path from 'path';
import { loadModelList } from '../lib';
import { manyModels, RICH_LIST } from './support/lists';
import { validateApimExtensionPolicy } from './support/apim-schema';
import { closeObjects, crdSchemaErrors, hasCrdSchema } from './support/crd-schemas';
import { defaultList, K8sObject, synthObjects } from './support/synth';

/** Objects without a CRD file: GKE's (@kubernetes-models/gke) and core Kubernetes (kubernetes-models). */
const MODELS: Record<string, (o: K8sObject) => { validate(): void }> = {
  'networking.gke.io/v1/HealthCheckPolicy': (o) => new HealthCheckPolicy(o as any),
  'networking.gke.io/v1/GCPBackendPolicy': (o) => new GCPBackendPolicy(o as any),
  'v1/ConfigMap': (o) => new ConfigMap(o as any),
  'net.gke.io/v1/ServiceExport': (o) => new ServiceExport(o as any),
  'apim.googleapis.com/v1/APIMExtensionPolicy': (o) => ({ validate: () => validateApimExtensionPolicy(o) }),
  'networking.k8s.io/v1/NetworkPolicy': (o) => new NetworkPolicy(o as any),
};

function validateAll(objects: K8sObject[]): void {
  expect(objects.length).toBeGreaterThan(0);
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    if (hasCrdSchema(object.apiVersion, object.kind)) {
      expect({ object: `${key} ${object.metadata.name}`, errors: crdSchemaErrors(object) }).toEqual({ object: `${key} ${object.metadata.name}`, errors: [] });
    } else if (MODELS[key]) {
      expect(() => MODELS[key](object).validate()).not.toThrow();
    } else {
      throw new Error(`no schema to validate ${key} against`);
    }
  }
}

test('the default list validates against the CRD and GKE schemas', () => {
  validateAll(synthObjects(defaultList()));
});

test('a list using every optional field validates too', () => {
  validateAll(synthObjects(RICH_LIST));
});

test('the fleet example (aliases, path prefix, adapters, canary, default model, timeouts) validates', () => {
  validateAll(synthObjects(loadModelList(path.join(__dirname, '..', 'examples', 'fleet.yaml'))));
});

test('TLS variants (Secret with redirect, certificate map with hostnames, http off) validate', () => {
  validateAll(synthObjects({ gateway: { tls: { certificateSecret: 'llm-tls' } }, models: RICH_LIST.models }));
  validateAll(synthObjects({ gateway: { className: 'gke-l7-global-external-managed', tls: { certificateMap: 'llm-map', hostnames: ['llm.example.com', '*.example.org'] } }, models: RICH_LIST.models }));
  validateAll(synthObjects({ gateway: { tls: { certificateSecret: 'llm-tls', http: 'off' } }, models: RICH_LIST.models }));
});

test('the Apigee API-key policy validates against the documented fields', () => {
  validateAll(synthObjects({ gateway: { className: 'gke-l7-global-external-managed' }, governance: { apigee: { environment: 'prod' } }, models: RICH_LIST.models }));
  expect(() => validateApimExtensionPolicy({ apiVersion: 'apim.googleapis.com/v1', kind: 'APIMExtensionPolicy', metadata: { name: 'a', namespace: 'b' }, spec: { location: 'global', targetRef: { name: 'g', kind: 'Gateway' }, apiKeys: true } })).toThrow(/additional/);
});

test('team namespaces (ReferenceGrants) validate', () => {
  validateAll(synthObjects({ namespace: 'gw', models: RICH_LIST.models.map((m, i) => ({ ...m, namespace: `team-${i}` })) }));
});

test('the multi-region example (ServiceExports, ServiceImport backends) validates', () => {
  validateAll(synthObjects(loadModelList(path.join(__dirname, '..', 'examples', 'multi-region.yaml'))));
});

test('a list of 200 models validates (13 HTTPRoutes)', () => {
  validateAll(synthObjects(manyModels(200)));
});

describe('the validator itself', () => {
  const rayService = () => synthObjects(defaultList()).find((o) => o.kind === 'RayService')!;

  test('rejects an unknown field, as kubectl apply would', () => {
    const object = rayService();
    object.spec.rayClusterConfig.headGroupSpec.rayStartParms = {};
    expect(crdSchemaErrors(object).join('\n')).toMatch(/additional properties/);
  });

  test('rejects a wrong type and a missing required field', () => {
    const object = rayService();
    object.spec.rayClusterConfig.workerGroupSpecs[0].maxReplicas = 'two';
    delete object.spec.rayClusterConfig.workerGroupSpecs[0].groupName;
    const errors = crdSchemaErrors(object).join('\n');
    expect(errors).toMatch(/maxReplicas must be integer/);
    expect(errors).toMatch(/must have required property 'groupName'/);
  });

  test('rejects an HTTPRoute header match type outside the enum', () => {
    const route = synthObjects(defaultList()).find((o) => o.kind === 'HTTPRoute')!;
    route.spec.rules[0].matches[0].headers[0].type = 'Prefix';
    expect(crdSchemaErrors(route).join('\n')).toMatch(/must be equal to one of the allowed values/);
  });

  test('the GKE model rejects a wrong health check type', () => {
    const policy = synthObjects(defaultList()).find((o) => o.kind === 'HealthCheckPolicy')!;
    policy.spec.default.config.type = 'SMTP';
    expect(() => new HealthCheckPolicy(policy as any).validate()).toThrow();
  });

  test('leaves objects that preserve unknown fields open', () => {
    expect(closeObjects({ type: 'object', properties: { a: {} }, 'x-kubernetes-preserve-unknown-fields': true }).additionalProperties).toBeUndefined();
    expect(closeObjects({ type: 'object', properties: { a: {} } }).additionalProperties).toBe(false);
  });
});
