/** IPv4 CIDR ranges: parsing, containment, overlap; the rules of a proxy-only subnet's range. */
import { PRIVATE_IPV4_RANGES, PROXY_SUBNET_PREFIX } from '../facts/gke';

export const IPV4_CIDR = /^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\/([0-9]|[12][0-9]|3[0-2])$/;

interface Range { readonly start: number; readonly size: number; readonly prefix: number; readonly address: number }

function parse(cidr: string): Range {
  const [ip, bits] = cidr.split('/');
  const address = ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  return { start: address - (address % size), size, prefix, address };
}

/** Whether two IPv4 CIDRs share an address. */
export function overlaps(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  return x.start < y.start + y.size && y.start < x.start + x.size;
}

/** Why `cidr` (already an IPv4 CIDR) cannot be a proxy-only subnet's range, or undefined. */
export function proxySubnetRangeProblem(cidr: string): string | undefined {
  const range = parse(cidr);
  if (range.address !== range.start) return `is not a network address (the host bits are not zero; the network is ${[24, 16, 8, 0].map((s) => Math.floor(range.start / 2 ** s) % 256).join('.')}/${range.prefix})`;
  const inside = PRIVATE_IPV4_RANGES.find((p) => { const outer = parse(p); return range.start >= outer.start && range.start + range.size <= outer.start + outer.size; });
  if (!inside) return `is not a private range (inside one of ${PRIVATE_IPV4_RANGES.join(', ')}): the NetworkPolicies admit Serve traffic from it`;
  if (range.prefix < PROXY_SUBNET_PREFIX.largest || range.prefix > PROXY_SUBNET_PREFIX.smallest) {
    return `must be from /${PROXY_SUBNET_PREFIX.largest} to /${PROXY_SUBNET_PREFIX.smallest} (a proxy-only subnet needs /${PROXY_SUBNET_PREFIX.smallest} or larger; /${PROXY_SUBNET_PREFIX.recommended} is recommended)`;
  }
  return undefined;
}

/** Checks a proxySubnetRange field: an IPv4 CIDR (`example` in the message) that a proxy-only subnet can have. */
export function checkProxySubnetRange(add: (message: string) => void, range: string, example: string): void {
  if (!IPV4_CIDR.test(range)) {
    add(`proxySubnetRange "${range}" is not an IPv4 CIDR${example}`);
    return;
  }
  const problem = proxySubnetRangeProblem(range);
  if (problem) add(`proxySubnetRange "${range}" ${problem}`);
}
