/**
 * Google publishes no CRD file for the Apigee APIM Operator here, so APIMExtensionPolicy is
 * checked against this schema written from the fields of Google's APIM Operator reference
 * (apiVersion apim.googleapis.com/v1: spec.apigeeEnv, location, failOpen, timeout,
 * defaultSecurityEnabled, targetRef {name, kind, namespace}); unknown fields are errors.
 */
import Ajv from 'ajv';

const schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'apim.googleapis.com/v1' },
    kind: { const: 'APIMExtensionPolicy' },
    metadata: { type: 'object', required: ['name', 'namespace'] },
    spec: {
      type: 'object',
      required: ['location', 'targetRef'],
      additionalProperties: false,
      properties: {
        apigeeEnv: { type: 'string' },
        location: { type: 'string' },
        failOpen: { type: 'boolean' },
        timeout: { type: 'string', pattern: '^[0-9]+(ms|s)$' },
        defaultSecurityEnabled: { type: 'boolean' },
        targetRef: {
          type: 'object',
          required: ['name', 'kind'],
          additionalProperties: false,
          properties: { name: { type: 'string' }, kind: { const: 'Gateway' }, namespace: { type: 'string' } },
        },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Throws with the schema errors when the object does not fit. */
export function validateApimExtensionPolicy(object: unknown): void {
  if (!validate(object)) throw new Error(JSON.stringify(validate.errors));
}
