/**
 * Google publishes no CRD file for GKE's GCPRoutingExtension (`networking.gke.io/v1`) here, so it
 * is checked against this schema written from the fields GKE documents
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gke-service-extensions:
 * spec.targetRefs of Gateways; spec.extensionChains[] {name, matchCondition.celExpressions[].celMatcher,
 * extensions[] {name, authority, timeout, supportedEvents, requestBodySendMode, failOpen, forwardHeaders,
 * metadata, backendRef {group, kind, name, port}}}; the backend is a Service, or a ServiceImport for
 * multi-cluster Gateways) and the router chart's use of them (body-based-routing v1.4.0 templates/gke.yaml).
 * Unknown fields are errors.
 */
import Ajv from 'ajv';

const EVENTS = ['RequestHeaders', 'RequestBody', 'RequestTrailers', 'ResponseHeaders', 'ResponseBody', 'ResponseTrailers'];

const backendRef = {
  type: 'object',
  required: ['kind', 'name', 'port'],
  additionalProperties: false,
  properties: {
    group: { type: 'string' },
    kind: { enum: ['Service', 'ServiceImport'] },
    name: { type: 'string', minLength: 1, maxLength: 253 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
  },
  // A core Service has group ""; a ServiceImport is net.gke.io's.
  oneOf: [
    { properties: { kind: { const: 'Service' }, group: { const: '' } } },
    { properties: { kind: { const: 'ServiceImport' }, group: { const: 'net.gke.io' } }, required: ['group'] },
  ],
};

const extension = {
  type: 'object',
  required: ['name', 'backendRef'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    authority: { type: 'string' },
    timeout: { type: 'string', pattern: '^[0-9]+(ms|s)$' },
    failOpen: { type: 'boolean' },
    supportedEvents: { type: 'array', items: { enum: EVENTS }, uniqueItems: true },
    requestBodySendMode: { enum: ['Streamed', 'FullDuplexStreamed'] },
    forwardHeaders: { type: 'array', items: { type: 'string' } },
    metadata: { type: 'object' },
    backendRef,
  },
};

export const ROUTING_EXTENSION_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'networking.gke.io/v1' },
    kind: { const: 'GCPRoutingExtension' },
    metadata: { type: 'object', required: ['name', 'namespace'] },
    spec: {
      type: 'object',
      required: ['targetRefs', 'extensionChains'],
      additionalProperties: false,
      properties: {
        targetRefs: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['group', 'kind', 'name'],
            additionalProperties: false,
            properties: { group: { const: 'gateway.networking.k8s.io' }, kind: { const: 'Gateway' }, name: { type: 'string', minLength: 1 } },
          },
        },
        extensionChains: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name', 'extensions'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
              matchCondition: {
                type: 'object',
                additionalProperties: false,
                properties: { celExpressions: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['celMatcher'], properties: { celMatcher: { type: 'string' } } } } },
              },
              extensions: { type: 'array', minItems: 1, items: extension },
            },
          },
        },
      },
    },
  },
};

const validate = new Ajv({ allErrors: true }).compile(ROUTING_EXTENSION_SCHEMA);

/** Schema errors of a GCPRoutingExtension (empty when valid). */
export function routingExtensionErrors(object: unknown): string[] {
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
