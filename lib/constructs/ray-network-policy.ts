/**
 * RayNetworkPolicy: the Ray head's dashboard (8265), GCS (6379) and client (10001) ports run
 * without authentication, so one NetworkPolicy per Ray cluster admits only:
 *  - any port from the cluster's own pods (Ray's traffic between head and workers);
 *  - Serve (8000) from the load balancer: its proxy-only subnet and Google's health checkers;
 *  - dashboard and Serve from KubeRay operator pods of the operator's namespace only (the
 *    operator deploys the Serve config and reads its status through the dashboard); a pod of
 *    another namespace that labels itself as the operator is refused;
 *  - Ray's metrics port from Managed Service for Prometheus (`--enable-ray-cluster-monitoring`).
 * Everything else is denied. No peer selects pods in every namespace. Egress is left to
 * RayEgressPolicy (opt-in).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-30';
import { HEALTH_CHECK_RANGES, METRICS_NAMESPACE } from '../facts/gke';
import { KUBERAY_OPERATOR_LABEL, KUBERAY_OPERATOR_NAMESPACE, RAY_DASHBOARD_PORT, RAY_METRICS_PORT } from '../facts/ray';
import { DEFAULT_PROXY_SUBNET_RANGE } from '../spec/defaults';
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
    const metricsPods = kplus.Pods.all(this, 'MetricsPods', {
      namespaces: kplus.Namespaces.select(this, 'MetricsNamespace', { names: [METRICS_NAMESPACE] }),
    });
    const loadBalancerRanges = [props.proxySubnetRange ?? DEFAULT_PROXY_SUBNET_RANGE, ...HEALTH_CHECK_RANGES];
    this.policy = new kplus.NetworkPolicy(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      selector: rayPods,
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          { peer: rayPods },
          ...loadBalancerRanges.map((cidr, i) => ({ peer: kplus.NetworkPolicyIpBlock.ipv4(this, `LoadBalancer${i}`, cidr), ports: [servePort] })),
          { peer: operatorPods, ports: [kplus.NetworkPolicyPort.tcp(RAY_DASHBOARD_PORT), servePort] },
          { peer: metricsPods, ports: [kplus.NetworkPolicyPort.tcp(RAY_METRICS_PORT)] },
        ],
      },
    });
    this.apiObject = ApiObject.of(this.policy);
  }
}
