/**
 * The validated, fully defaulted plan the constructs are built from. Every name is final here:
 * constructs take names from the plan and never derive them again.
 */

/** Resources of one Ray pod, all set. */
export interface PodResources {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

/** One model, validated and with every default applied. */
export interface PlannedModel {
  /** The OpenAI model name clients send (header value of its route rule). */
  readonly id: string;
  readonly source: string;
  /** RayService name. */
  readonly name: string;
  /** The Service KubeRay creates for Serve: `<name>-serve-svc`. */
  readonly serveServiceName: string;
  /** Name of the HealthCheckPolicy for the serve Service. */
  readonly healthCheckName: string;
  /** GKE accelerator node label value. */
  readonly accelerator: string;
  /** Ray's accelerator_type. */
  readonly rayAcceleratorType: string;
  readonly gpusPerReplica: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly engineKwargs: Readonly<Record<string, unknown>>;
  readonly image: string;
  readonly rayVersion: string;
  readonly head: PodResources;
  readonly worker: PodResources;
  readonly env: Readonly<Record<string, string>>;
}

/** The whole plan: list-level settings and the models in list order. */
export interface ModelPlan {
  readonly namespace: string;
  readonly gatewayName: string;
  readonly gatewayClassName: string;
  readonly routeName: string;
  readonly huggingFaceSecretName: string;
  readonly huggingFaceSecretKey: string;
  readonly models: readonly PlannedModel[];
}
