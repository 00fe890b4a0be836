/**
 * IdentityChart: what the Ray pods of one model namespace run as: the ServiceAccount
 * RAY_SERVICE_ACCOUNT (lib/facts/identity.ts), without a mounted token. One per namespace and
 * cluster running models there; the cluster steps grant its Workload Identity principal read
 * access to the namespace's `gs://` buckets.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RayServiceAccount } from '../constructs/ray-service-account';
import { RAY_SERVICE_ACCOUNT } from '../facts/identity';
import { ModelPlan, PlannedCluster } from '../plan/model-plan';

/** The namespaces RayServices run in, in a fleet cluster (or anywhere, for one cluster): each needs the account. */
export function rayNamespaces(plan: ModelPlan, cluster?: PlannedCluster): string[] {
  return [...new Set(plan.models.filter((m) => !cluster || m.clusters.includes(cluster.name)).map((m) => m.namespace))];
}

export interface IdentityChartProps {
  readonly namespace: string;
}

export class IdentityChart extends Chart {
  public readonly serviceAccount: RayServiceAccount;

  constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.serviceAccount = new RayServiceAccount(this, 'RayServiceAccount', { name: RAY_SERVICE_ACCOUNT, namespace: props.namespace });
  }
}
