/**
 * RayEgressPolicy (opt-in: `security.egress: restricted`): where the pods of one Ray cluster may
 * connect. Allowed:
 *  - DNS (53, UDP and TCP) to kube-dns, and to the node-local resolvers GKE may put in a pod's
 *    resolv.conf instead (Cloud DNS: 169.254.169.254; NodeLocal DNSCache: 169.254.20.10), which
 *    no pod selector matches (tektoncd/operator issue 4000);
 *  - any port of the Ray cluster's own pods (head <-> workers);
 *  - the GKE metadata server (Workload Identity tokens for gs:// adapters and weights):
 *    169.254.169.254:80 and, on Dataplane V2, the metadata server's own 169.254.169.252:988;
 *  - HTTPS (443) to any address: Hugging Face, Google APIs, the Kubernetes API server.
 * Refused: every other port anywhere, plain HTTP, and other pods of the cluster (other models'
 * Ray clusters, databases). The trade-off: HTTPS to the internet stays open, because weights come
 * from there; a compromised Ray pod can still send data out over 443.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-30';
import { objectMetadata, ResourceProps } from './metadata';
import { IRayPods } from './ray-llm-service-props';

export const DNS_PORT = 53;
export const HTTPS_PORT = 443;
/** kube-dns: namespace and the label of its pods. */
export const KUBE_DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
/** Node-local DNS resolvers (Cloud DNS for GKE, NodeLocal DNSCache). */
export const NODE_LOCAL_DNS = ['169.254.169.254/32', '169.254.20.10/32'];
/** The GKE metadata server: address pods use, and the server's own address and port on Dataplane V2. */
export const METADATA_SERVER = [{ cidr: '169.254.169.254/32', port: 80 }, { cidr: '169.254.169.252/32', port: 988 }];

export interface RayEgressPolicyProps extends ResourceProps {
  readonly name: string;
  readonly namespace: string;
  /** The Ray cluster whose pods (head and workers) the policy fences: a RayLlmService, or `{ podLabels }`. */
  readonly rayService: IRayPods;
}

export class RayEgressPolicy extends Construct {
  /** The generated object (the same as `policy`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /** The generated NetworkPolicy. */
  public readonly policy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: RayEgressPolicyProps) {
    super(scope, id);
    const rayPods = kplus.Pods.select(this, 'RayPods', { labels: { ...props.rayService.podLabels } });
    const kubeDns = kplus.Pods.select(this, 'KubeDns', {
      labels: KUBE_DNS.labels,
      namespaces: kplus.Namespaces.select(this, 'KubeSystem', { names: [KUBE_DNS.namespace] }),
    });
    const dnsPorts = [kplus.NetworkPolicyPort.udp(DNS_PORT), kplus.NetworkPolicyPort.tcp(DNS_PORT)];
    this.policy = new kplus.NetworkPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      selector: rayPods,
      egress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          { peer: rayPods },
          { peer: kubeDns, ports: dnsPorts },
          ...NODE_LOCAL_DNS.map((cidr, i) => ({ peer: kplus.NetworkPolicyIpBlock.ipv4(this, `NodeLocalDns${i}`, cidr), ports: dnsPorts })),
          ...METADATA_SERVER.map(({ cidr, port }, i) => ({ peer: kplus.NetworkPolicyIpBlock.ipv4(this, `Metadata${i}`, cidr), ports: [kplus.NetworkPolicyPort.tcp(port)] })),
          { peer: kplus.NetworkPolicyIpBlock.anyIpv4(this, 'Anywhere'), ports: [kplus.NetworkPolicyPort.tcp(HTTPS_PORT)] },
        ],
      },
    });
    this.apiObject = ApiObject.of(this.policy);
  }
}
