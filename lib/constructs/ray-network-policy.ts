/**
 * RayNetworkPolicy: the Ray head's dashboard (8265), GCS (6379) and client (10001) ports run
 * without authentication, so one NetworkPolicy per Ray cluster admits only:
 *  - any port from the cluster's own pods (Ray's traffic between head and workers);
 *  - Serve (8000) from the load balancer: the proxy-only subnet(s) its proxies send from (every
 *    region's for the cross-region internal class) and Google's health checkers;
 *  - dashboard and Serve from the KubeRay operator, by either path its requests take
 *    (lib/facts/ray.ts KUBERAY_OPERATOR_NAMESPACE): operator pods of the operator's namespace
 *    only (a pod of another namespace that labels itself as the operator is refused), and the
 *    konnectivity-agent pods of kube-system through which the API server's pods/services proxy
 *    (`--use-kubernetes-proxy`) arrives;
 *  - Ray's metrics port from the Managed Service for Prometheus collectors of gmp-system
 *    (`--enable-ray-cluster-monitoring`).
 * Everything else is denied. No peer selects pods in every namespace. Egress is left to
 * RayEgressPolicy (opt-in).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-30';
import { HEALTH_CHECK_RANGES, KONNECTIVITY_AGENT_LABELS, KONNECTIVITY_AGENT_NAMESPACE, METRICS_COLLECTOR_LABELS, METRICS_NAMESPACE } from '../facts/gke';
import { KUBERAY_OPERATOR_LABEL, KUBERAY_OPERATOR_NAMESPACE, RAY_DASHBOARD_PORT, RAY_METRICS_PORT } from '../facts/ray';
import { DEFAULT_PROXY_SUBNET_RANGE } from '../list/defaults';
import { objectMetadata, ResourceProps } from './metadata';
import { IRayPods } from './ray-llm-service-props';

export interface RayNetworkPolicyProps extends ResourceProps {
  /**
   * The NetworkPolicy's name.
   * @default a name cdk8s generates from the construct path
   */
  readonly name?: string;
  /**
   * The NetworkPolicy's namespace (the Ray cluster's).
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /** The Ray cluster whose pods (head and workers) the policy fences: a RayLlmService, or `{ podLabels }`. */
  readonly rayService: IRayPods;
  /**
   * CIDR of the load balancer's proxy-only subnet.
   * @default "192.168.10.0/24" (the list's `network.proxySubnetRange` default)
   */
  readonly proxySubnetRange?: string;
  /**
   * Proxy-only ranges of other regions whose proxies also send here (a cross-region internal
   * load balancer: every region of the Gateway).
   * @default none
   */
  readonly otherProxySubnetRanges?: string[];
  /**
   * Namespace of the KubeRay operator: only its operator pods reach the dashboard and Serve.
   * @default "kube-system"
   */
  readonly operatorNamespace?: string;
  /**
   * Port of Ray Serve.
   * @default 8000
   */
  readonly servePort?: number;
}

export class RayNetworkPolicy extends Construct {
  /** The generated object (the same as `policy`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /** The generated NetworkPolicy. */
  public readonly policy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: RayNetworkPolicyProps) {
    super(scope, id);
    const servePort = kplus.NetworkPolicyPort.tcp(props.servePort ?? 8000);
    const rayPods = kplus.Pods.select(this, 'RayPods', { labels: { ...props.rayService.podLabels } });
    const operatorPods = kplus.Pods.select(this, 'OperatorPods', {
      labels: KUBERAY_OPERATOR_LABEL,
      namespaces: kplus.Namespaces.select(this, 'OperatorNamespace', { names: [props.operatorNamespace ?? KUBERAY_OPERATOR_NAMESPACE] }),
    });
    // The API server's pods/services proxy reaches pods through Konnectivity (lib/facts/gke.ts).
    const apiServerProxyPods = kplus.Pods.select(this, 'ApiServerProxyPods', {
      labels: KONNECTIVITY_AGENT_LABELS,
      namespaces: kplus.Namespaces.select(this, 'ApiServerProxyNamespace', { names: [KONNECTIVITY_AGENT_NAMESPACE] }),
    });
    const metricsPods = kplus.Pods.select(this, 'MetricsPods', {
      labels: METRICS_COLLECTOR_LABELS,
      namespaces: kplus.Namespaces.select(this, 'MetricsNamespace', { names: [METRICS_NAMESPACE] }),
    });
    const loadBalancerRanges = [...new Set([props.proxySubnetRange ?? DEFAULT_PROXY_SUBNET_RANGE, ...(props.otherProxySubnetRanges ?? [])]), ...HEALTH_CHECK_RANGES];
    const operatorPorts = [kplus.NetworkPolicyPort.tcp(RAY_DASHBOARD_PORT), servePort];
    this.policy = new kplus.NetworkPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      selector: rayPods,
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          { peer: rayPods },
          ...loadBalancerRanges.map((cidr, i) => ({ peer: kplus.NetworkPolicyIpBlock.ipv4(this, `LoadBalancer${i}`, cidr), ports: [servePort] })),
          { peer: operatorPods, ports: operatorPorts },
          { peer: apiServerProxyPods, ports: operatorPorts },
          { peer: metricsPods, ports: [kplus.NetworkPolicyPort.tcp(RAY_METRICS_PORT)] },
        ],
      },
    });
    this.apiObject = ApiObject.of(this.policy);
  }
}
