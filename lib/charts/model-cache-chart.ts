/**
 * ModelCacheChart: the fill Job of one deployment whose weights are cached (docs/cold-start.md).
 * Its own file (`model-cache-<name>.k8s.yaml`) in the model's namespace folder of the config
 * cluster: scripts/cluster.sh applies it and waits for it before the manifests, so the Ray pods
 * find the weights in the bucket when they start.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelPlan, PlannedDeployment, PlannedModel } from '../plan/model-plan';
import { ModelCacheFill } from '../constructs/model-cache-fill';

export interface ModelCacheChartProps {
  readonly plan: ModelPlan;
  readonly model: PlannedModel;
  /** A deployment of the model with `modelCache` set. */
  readonly deployment: PlannedDeployment;
}

export class ModelCacheChart extends Chart {
  public readonly fill: ModelCacheFill;

  constructor(scope: Construct, id: string, props: ModelCacheChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { plan, model, deployment } = props;
    const cache = deployment.modelCache!;
    this.fill = new ModelCacheFill(this, 'Fill', {
      name: cache.fillJobName,
      namespace: model.namespace,
      bucket: cache.bucket,
      source: cache.folder,
      image: deployment.image,
      huggingFaceSecret: { name: plan.huggingFaceSecretName, key: plan.huggingFaceSecretKey },
    });
  }
}
