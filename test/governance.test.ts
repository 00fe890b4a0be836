/** Governance: API-key checks on the Gateway through the Apigee APIM Operator, opt-in. */
import { ModelListError } from '../lib';
import { ofKind, synthObjects } from './support/synth';
import { planAnyList } from './support/problems';

const models = [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }];

test('off by default: no Apigee object', () => {
  expect(ofKind(synthObjects({ models }), 'APIMExtensionPolicy')).toEqual([]);
});

test('governance.apigee attaches an APIMExtensionPolicy to the Gateway, API key security on, failing closed', () => {
  const objects = synthObjects({ namespace: 'llm', gateway: { className: 'gke-l7-global-external-managed' }, governance: { apigee: { environment: 'prod' } }, models });
  expect(ofKind(objects, 'APIMExtensionPolicy')).toEqual([{
    apiVersion: 'apim.googleapis.com/v1',
    kind: 'APIMExtensionPolicy',
    metadata: { name: 'ray-multi-model-gateway-api-keys', namespace: 'llm' },
    spec: {
      apigeeEnv: 'prod',
      location: 'global',
      failOpen: false,
      timeout: '1000ms',
      defaultSecurityEnabled: true,
      targetRef: { name: 'ray-multi-model-gateway', kind: 'Gateway', namespace: 'llm' },
    },
  }]);
});

test('bad settings are errors', () => {
  try {
    planAnyList({ governance: { apigee: { location: 'Mars', timeoutMilliseconds: 0, apiKey: 'x' } }, models });
    throw new Error('accepted');
  } catch (error) {
    expect((error as ModelListError).problems).toEqual([
      'governance apigee: unknown field "apiKey" (known: location, environment, failOpen, timeoutMilliseconds)',
      'governance apigee: timeoutMilliseconds must be a whole number from 1 to 60000 (got 0)',
      'governance apigee: location "Mars" must be "global" or a region',
    ]);
  }
});
