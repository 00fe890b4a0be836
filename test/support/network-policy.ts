/**
 * A small evaluator of Kubernetes NetworkPolicy ingress and egress (matchLabels, matchExpressions
 * with In, ipBlock with except, ports and protocols), enough to ask "may this source reach that
 * pod on that port?" and "may this pod connect there?". A namespace carries only the label the
 * API server sets on every namespace, `kubernetes.io/metadata.name`; a pod can set any label it
 * likes, a namespace's name it cannot.
 */
import { K8sObject } from './synth';

/** A pod (namespace + labels) or a source outside the cluster network (an IPv4 address). */
export type Source = { pod: { namespace: string; labels: Record<string, string> } } | { ip: string };
export interface Target { namespace: string; labels: Record<string, string> }

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }

function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values!.includes(labels[e.key]);
    if (e.operator === 'Exists') return e.key in labels;
    throw new Error(`operator ${e.operator} not modelled`);
  });
  return byLabel && byExpression;
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToNumber(base) / size) * size;
  return ipToNumber(ip) >= start && ipToNumber(ip) < start + size;
}

function peerMatches(peer: any, policyNamespace: string, source: Source): boolean {
  if (peer.ipBlock) {
    return 'ip' in source && inCidr(source.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(source.ip, c));
  }
  if (!('pod' in source)) return false;
  const namespaceLabels = { 'kubernetes.io/metadata.name': source.pod.namespace };
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels) : source.pod.namespace === policyNamespace;
  return namespaceOk && selects(peer.podSelector, source.pod.labels);
}

const portMatches = (rule: any, port: number, protocol: string) =>
  !rule.ports || rule.ports.length === 0 || rule.ports.some((p: any) => p.port === port && (p.protocol ?? 'TCP') === protocol);

/** Whether `source` may open a TCP connection to `port` of a pod `target`, given every policy. */
export function ingressAllowed(objects: K8sObject[], target: Target, port: number, source: Source): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy'
    && o.metadata.namespace === target.namespace
    && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress')
    && selects(o.spec.podSelector, target.labels));
  if (policies.length === 0) return true;
  return policies.some((policy) => (policy.spec.ingress ?? []).some((rule: any) => {
    const portOk = portMatches(rule, port, 'TCP');
    const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((peer: any) => peerMatches(peer, policy.metadata.namespace!, source));
    return portOk && fromOk;
  }));
}

/**
 * Whether pod `from` may connect to `port` (TCP, or `protocol`) of `to` (a pod or an address),
 * as far as the policies of `from`'s namespace go (the ingress side is ingressAllowed's).
 */
export function egressAllowed(objects: K8sObject[], from: Target, to: Source, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy'
    && o.metadata.namespace === from.namespace
    && (o.spec.policyTypes ?? []).includes('Egress')
    && selects(o.spec.podSelector, from.labels));
  if (policies.length === 0) return true;
  return policies.some((policy) => (policy.spec.egress ?? []).some((rule: any) => {
    const toOk = !rule.to || rule.to.length === 0 || rule.to.some((peer: any) => peerMatches(peer, policy.metadata.namespace!, to));
    return portMatches(rule, port, protocol) && toOk;
  }));
}

/** Every peer (from/to entry) of every NetworkPolicy, with the policy's namespace/name. */
export function policyPeers(objects: K8sObject[]): { policy: string; peer: any }[] {
  return objects.filter((o) => o.kind === 'NetworkPolicy').flatMap((o) => [
    ...(o.spec.ingress ?? []).flatMap((r: any) => r.from ?? []),
    ...(o.spec.egress ?? []).flatMap((r: any) => r.to ?? []),
  ].map((peer: any) => ({ policy: `${o.metadata.namespace}/${o.metadata.name}`, peer })));
}

/** Whether a peer admits pods of every namespace: a namespaceSelector that selects everything. */
export function selectsEveryNamespace(peer: any): boolean {
  const ns = peer.namespaceSelector;
  return ns !== undefined && Object.keys(ns.matchLabels ?? {}).length === 0 && (ns.matchExpressions ?? []).length === 0;
}
