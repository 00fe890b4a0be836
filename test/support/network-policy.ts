/**
 * A small evaluator of Kubernetes NetworkPolicy ingress (matchLabels, matchExpressions with In,
 * ipBlock with except, ports), enough to ask "may this source reach that pod on that port?".
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

/** Whether `source` may open a TCP connection to `port` of a pod `target`, given every policy. */
export function ingressAllowed(objects: K8sObject[], target: Target, port: number, source: Source): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy'
    && o.metadata.namespace === target.namespace
    && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress')
    && selects(o.spec.podSelector, target.labels));
  if (policies.length === 0) return true;
  return policies.some((policy) => (policy.spec.ingress ?? []).some((rule: any) => {
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((p: any) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
    const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((peer: any) => peerMatches(peer, policy.metadata.namespace!, source));
    return portOk && fromOk;
  }));
}
