/**
 * RayLlmService: one model's KubeRay RayService — a Ray cluster (CPU head + one GPU worker group)
 * whose Serve config runs Ray Serve LLM's OpenAI app for that model.
 */
import { ApiObject, Names } from 'cdk8s';
import { Construct } from 'constructs';
import {
  RayService,
  RayServiceSpecRayClusterConfigHeadGroupSpecTemplateSpecContainersEnv as ContainerEnv,
  RayServiceSpecRayClusterConfigHeadGroupSpecTemplateSpecContainersResourcesLimits as HeadQuantity,
  RayServiceSpecRayClusterConfigWorkerGroupSpecsTemplateSpecContainersResourcesLimits as WorkerQuantity,
  RayServiceSpecRayClusterConfigAutoscalerOptionsResourcesLimits as AutoscalerQuantity,
} from '../../imports/ray.io';
import { serveConfigYaml } from './serve-config';
import { IRayPods, IServeBackend, RayEnvValue, RayLlmServiceProps, resolveRayLlmServiceProps } from './ray-llm-service-props';
import { ACCELERATOR_NODE_LABEL, RAY_SERVICE_POD_LABEL, SERVE_PORT, MAX_RAY_SERVICE_NAME_LENGTH, serveServiceNameOf, WORKER_GROUP_NAME } from '../facts/ray';
import { objectMetadata } from './metadata';
import { modelCacheAnnotations, modelCacheMount, modelCachePath, modelCacheVolume } from './model-cache-volume';
import { RAY_SERVICE_ACCOUNT } from '../facts/identity';
import { TERMINATION_GRACE_MARGIN_S } from '../facts/serve-health';



/** The ray images run as user `ray` (1000) in group `users` (100). */
const RAY_USER = 1000;
const RAY_GROUP = 100;

/** Pod-level hardening: a non-root user and the runtime's default seccomp profile. */
const POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: RAY_USER,
  runAsGroup: RAY_GROUP,
  fsGroup: RAY_GROUP,
  seccompProfile: { type: 'RuntimeDefault' },
};
/** Container-level hardening: no privilege escalation, every capability dropped. */
const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * Resources of the autoscaler sidecar KubeRay adds to the head when autoscaling is on: KubeRay's own
 * defaults (500m CPU, 512Mi memory as both request and limit; ray-project/kuberay
 * `ray-operator/controllers/ray/common/pod.go`, `BuildAutoscalerContainer`), written out so they
 * sit beside the securityContext KubeRay would otherwise leave empty.
 */
const AUTOSCALER_RESOURCES = {
  limits: { cpu: '500m', memory: '512Mi' },
  requests: { cpu: '500m', memory: '512Mi' },
};

/** A container env entry for a model's variable. */
function envVar(name: string, value: RayEnvValue): ContainerEnv {
  const given = [value.value, value.secretKeyRef, value.configMapKeyRef].filter((v) => v !== undefined).length;
  if (given !== 1) throw new Error(`env ${name}: give exactly one of value, secretKeyRef, configMapKeyRef (got ${given})`);
  if (value.value !== undefined) return { name, value: value.value };
  if (value.secretKeyRef) return { name, valueFrom: { secretKeyRef: { name: value.secretKeyRef.name, key: value.secretKeyRef.key } } };
  return { name, valueFrom: { configMapKeyRef: { name: value.configMapKeyRef!.name, key: value.configMapKeyRef!.key } } };
}

/** Head ports, named as the seed names them. */
const HEAD_PORTS = [
  { containerPort: 6379, name: 'gcs-server' },
  { containerPort: 8265, name: 'dashboard' },
  { containerPort: 10001, name: 'client' },
  { containerPort: SERVE_PORT, name: 'serve' },
];

export type { RayEnvValue, RayEnvKeyRef, LoraOptions, ServeBackendOptions, RayPodResources, RayLlmServiceProps, IServeBackend, IRayPods } from './ray-llm-service-props';
export { ServeBackend } from './ray-llm-service-props';

export class RayLlmService extends Construct implements IServeBackend, IRayPods {
  /** The generated object (the same as `rayService`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /**
   * The generated RayService (TypeScript only; every language has `apiObject`).
   * @jsii ignore
   */
  public readonly rayService: RayService;
  /** The OpenAI model name clients send (always set; optional as in IServeBackend). */
  public readonly modelId?: string;
  /** The RayService's name. */
  public readonly name: string;
  /** The Service KubeRay creates for it (`<name>-serve-svc`, port 8000). */
  public readonly serveServiceName: string;
  /** The RayService's namespace (undefined: the chart's). */
  public readonly serveNamespace?: string;
  /** The label every pod of its Ray cluster carries (`ray-llm-gateway/ray-service: <name>`). */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, given: RayLlmServiceProps) {
    super(scope, id);
    const props = resolveRayLlmServiceProps(given);
    const model = props;
    const cache = props.modelCache;
    const env: ContainerEnv[] = [
      { name: 'RAY_SERVE_THROUGHPUT_OPTIMIZED', value: '1' },
      ...(model.haProxy ?? false ? [{ name: 'RAY_SERVE_ENABLE_HA_PROXY', value: '1' }] : []),
      // With the cache the weights are local files: no token in the pods, and no call to the Hub.
      cache ? { name: 'HF_HUB_OFFLINE', value: '1' } : {
        name: 'HUGGING_FACE_HUB_TOKEN',
        valueFrom: { secretKeyRef: { name: props.huggingFaceSecretName, key: props.huggingFaceSecretKey } },
      },
      ...Object.entries(model.env ?? {}).map(([name, value]) => envVar(name, value)),
    ];
    const gpus = String(model.gpusPerReplica);
    // With fixed replicas (the seed) KubeRay keeps `replicas` workers; a range needs the Ray autoscaler.
    const autoscaled = model.minReplicas < model.maxReplicas;
    const secure = props.podSecurity ?? true;
    // KubeRay's limit (the serve Service's name must stay a DNS label); a generated name is kept under it.
    const name = props.name ?? Names.toDnsLabel(this, { maxLen: MAX_RAY_SERVICE_NAME_LENGTH });
    if (name.length > MAX_RAY_SERVICE_NAME_LENGTH) {
      throw new Error(`RayLlmService ${props.modelId}: name "${name}" is longer than ${MAX_RAY_SERVICE_NAME_LENGTH} characters (KubeRay's limit for a RayService)`);
    }
    const podMetadata = { labels: { [RAY_SERVICE_POD_LABEL]: name }, ...(cache ? { annotations: modelCacheAnnotations() } : {}) };
    // Pod-level settings of head and workers: long enough a grace period for a streamed answer; with
    // the cache, the ServiceAccount that may read the bucket and the bucket's volume.
    const podSpec = (fileCacheCapacity: string) => ({
      ...(secure ? { securityContext: POD_SECURITY_CONTEXT } : {}),
      terminationGracePeriodSeconds: props.requestTimeoutSeconds + TERMINATION_GRACE_MARGIN_S,
      ...(cache ? { serviceAccountName: RAY_SERVICE_ACCOUNT, volumes: [modelCacheVolume(cache.bucket, RAY_USER, RAY_GROUP, fileCacheCapacity)] } : {}),
    });
    const mounts = cache ? { volumeMounts: [modelCacheMount(true)] } : {};
    const containerSecurity = secure ? { securityContext: CONTAINER_SECURITY_CONTEXT } : {};
    // Only the autoscaler sidecar of the head calls the Kubernetes API (KubeRay binds its Role to
    // the head's account: ray-project/kuberay ray-operator/controllers/ray/common/rbac.go BuildRole,
    // BuildRoleBinding): every other pod runs without a token.
    const account = (needsApi: boolean) => (props.serviceAccountName
      ? { serviceAccountName: props.serviceAccountName, automountServiceAccountToken: needsApi } : {});

    this.rayService = new RayService(this, 'Resource', {
      metadata: objectMetadata({ name, namespace: props.namespace }, props.metadata),
      spec: {
        serveConfigV2: serveConfigYaml({ ...model, source: cache ? modelCachePath(cache.folder) : model.source, gracefulShutdownTimeoutSeconds: props.requestTimeoutSeconds }),
        // After a NewCluster upgrade the old Ray cluster stays this long: its streams may finish.
        rayClusterDeletionDelaySeconds: props.requestTimeoutSeconds,
        // NewCluster: a change outside the Serve config and replica counts starts a second Ray cluster
        // (the node pools keep room for it, see lib/plan/cluster-plan.ts); None: such changes wait.
        upgradeStrategy: { type: model.upgradeStrategy ?? 'NewCluster' },
        rayClusterConfig: {
          rayVersion: model.rayVersion,
          ...(autoscaled ? {
            enableInTreeAutoscaling: true,
            autoscalerOptions: {
              resources: {
                limits: { cpu: AutoscalerQuantity.fromString(AUTOSCALER_RESOURCES.limits.cpu), memory: AutoscalerQuantity.fromString(AUTOSCALER_RESOURCES.limits.memory) },
                requests: { cpu: AutoscalerQuantity.fromString(AUTOSCALER_RESOURCES.requests.cpu), memory: AutoscalerQuantity.fromString(AUTOSCALER_RESOURCES.requests.memory) },
              },
              ...containerSecurity,
            },
          } : {}),
          headGroupSpec: {
            rayStartParams: { 'dashboard-host': '0.0.0.0', 'num-cpus': '0' },
            template: {
              metadata: podMetadata,
              spec: {
                ...podSpec(model.head.ephemeralStorage),
                ...account(autoscaled),
                containers: [
                  {
                    name: 'ray-head',
                    image: model.image,
                    ...containerSecurity,
                    resources: {
                      limits: {
                        'memory': HeadQuantity.fromString(model.head.memory),
                        'ephemeral-storage': HeadQuantity.fromString(model.head.ephemeralStorage),
                      },
                      requests: {
                        'cpu': HeadQuantity.fromString(model.head.cpu),
                        'memory': HeadQuantity.fromString(model.head.memory),
                        'ephemeral-storage': HeadQuantity.fromString(model.head.ephemeralStorage),
                      },
                    },
                    ports: HEAD_PORTS,
                    env,
                    ...mounts,
                  },
                ],
              },
            },
          },
          workerGroupSpecs: [
            {
              groupName: WORKER_GROUP_NAME,
              replicas: model.minReplicas,
              minReplicas: model.minReplicas,
              maxReplicas: model.maxReplicas,
              rayStartParams: {},
              template: {
                metadata: podMetadata,
                spec: {
                  ...podSpec(model.worker.ephemeralStorage),
                  ...account(false),
                  containers: [
                    {
                      name: 'llm',
                      image: model.image,
                      ...containerSecurity,
                      env,
                      ...mounts,
                      resources: {
                        // Memory limit = request: Ray sizes its memory from the limit (KubeRay passes it as
                        // `ray start --memory`) and KubeRay sizes /dev/shm from it; see the README.
                        limits: {
                          'memory': WorkerQuantity.fromString(model.worker.memory),
                          'nvidia.com/gpu': WorkerQuantity.fromString(gpus),
                          'ephemeral-storage': WorkerQuantity.fromString(model.worker.ephemeralStorage),
                        },
                        requests: {
                          'cpu': WorkerQuantity.fromString(model.worker.cpu),
                          'memory': WorkerQuantity.fromString(model.worker.memory),
                          'nvidia.com/gpu': WorkerQuantity.fromString(gpus),
                          'ephemeral-storage': WorkerQuantity.fromString(model.worker.ephemeralStorage),
                        },
                      },
                    },
                  ],
                  nodeSelector: { [ACCELERATOR_NODE_LABEL]: model.accelerator },
                },
              },
            },
          ],
        },
      },
    });
    this.apiObject = this.rayService;
    this.modelId = props.modelId;
    this.name = this.rayService.name;
    this.serveServiceName = serveServiceNameOf(this.name);
    this.serveNamespace = props.namespace;
    this.podLabels = podMetadata.labels;
  }
}
