/**
 * ModelListResponder: answers `GET /v1/models` and `GET /v1/models/{id}` for a Gateway with a
 * list made at synth, so OpenAI clients can ask which models the one endpoint has. A ConfigMap
 * (the nginx config, with every answer in it, and the list as `models.json`), a Deployment of
 * nginx and its Service, and, if asked, a NetworkPolicy.
 *
 * Locked down: non-root (uid 101, the image's own nginx user), read-only root filesystem (nginx
 * writes only its pid and temp files, to a small memory-backed /tmp), no service account token,
 * no service links, all capabilities dropped, RuntimeDefault seccomp, requests and limits.
 *
 * Image: `nginxinc/nginx-unprivileged` (NGINX's own build of the official nginx image that runs
 * as uid 101 and listens on 8080 without root), tag pinned; its digest was not checked here (no
 * registry is reachable from this machine), as for the smoke pod's curl image. Any nginx >= 1.19.5
 * works: the container runs `nginx -e stderr -c <our config>` and none of the image's entrypoint
 * scripts (which would edit files under /etc/nginx).
 */
import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MODEL_LIST_PORT, MODELS_PATH } from '../facts/openai';

export { MODEL_LIST_PORT };
import { MODEL_LIST_HEALTH_PATH, modelListNginxConfig } from './model-list-config';
import { objectMetadata, ResourceProps } from './metadata';

/** The responder's image (tag pinned, see above). */
export const MODEL_LIST_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.28.0';
/** The uid and gid of the image's nginx user. */
export const MODEL_LIST_UID = 101;
/** The label the route table reads the responder's ConfigMap by. */
export const MODEL_LIST_COMPONENT_LABEL = { 'app.kubernetes.io/component': 'model-list' };
/** ConfigMap keys. */
export const MODEL_LIST_CONFIG_KEY = 'nginx.conf';
export const MODEL_LIST_JSON_KEY = 'models.json';

const CONFIG_DIR = '/etc/model-list';

export interface ModelListResponderProps extends ResourceProps {
  /** Name of the ConfigMap, Deployment, Service and NetworkPolicy. */
  readonly name: string;
  /** Their namespace (the Gateway's routes must be allowed to reach the Service: the same one, or a ReferenceGrant). */
  readonly namespace: string;
  /** Every name the list answers, in order: model ids and `<id>:<adapter>` names. */
  readonly modelIds: string[];
  /**
   * Container image (an nginx >= 1.19.5 that runs as uid 101).
   * @default "docker.io/nginxinc/nginx-unprivileged:1.28.0"
   */
  readonly image?: string;
  /**
   * Pods of the Deployment.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * When given, a NetworkPolicy admits the port from these CIDRs only (the load balancer's proxy
   * and health-check ranges) and denies all egress.
   * @default no NetworkPolicy
   */
  readonly allowedSourceRanges?: string[];
}

export class ModelListResponder extends Construct {
  /** The Service (the route's backend and the health check's target). */
  public readonly apiObject: ApiObject;
  public readonly serviceName: string;
  public readonly port: number = MODEL_LIST_PORT;
  /** The path the health check asks. */
  public readonly healthPath: string = MODEL_LIST_HEALTH_PATH;

  constructor(scope: Construct, id: string, props: ModelListResponderProps) {
    super(scope, id);
    if (props.modelIds.length === 0) throw new Error(`ModelListResponder ${props.name}: modelIds is empty`);
    const config = modelListNginxConfig(props.modelIds, MODEL_LIST_PORT);
    const labels = { 'app.kubernetes.io/name': 'ray-llm-gateway-model-list', 'app.kubernetes.io/instance': props.name };
    const meta = (kindLabels: Record<string, string> = {}) => objectMetadata({ name: props.name, namespace: props.namespace, labels: { ...labels, ...kindLabels } }, props.metadata);
    new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: meta(MODEL_LIST_COMPONENT_LABEL),
      data: { [MODEL_LIST_CONFIG_KEY]: config, [MODEL_LIST_JSON_KEY]: `${JSON.stringify({ path: MODELS_PATH, ids: props.modelIds }, null, 2)}\n` },
    });
    const probe = { httpGet: { path: MODEL_LIST_HEALTH_PATH, port: 'http' }, periodSeconds: 10 };
    new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: meta(),
      spec: {
        replicas: props.replicas ?? 2,
        selector: { matchLabels: labels },
        template: {
          // A changed list changes the config's hash, which rolls the pods (nginx reads its config once).
          metadata: { labels, annotations: { 'ray-llm-gateway/config-sha256': createHash('sha256').update(config).digest('hex').slice(0, 16) } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, runAsUser: MODEL_LIST_UID, runAsGroup: MODEL_LIST_UID, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'nginx',
              image: props.image ?? MODEL_LIST_IMAGE,
              command: ['nginx', '-e', 'stderr', '-c', `${CONFIG_DIR}/${MODEL_LIST_CONFIG_KEY}`],
              ports: [{ name: 'http', containerPort: MODEL_LIST_PORT }],
              readinessProbe: probe,
              livenessProbe: probe,
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [
              { name: 'config', configMap: { name: props.name } },
              { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
            ],
          },
        },
      },
    });
    this.serviceName = props.name;
    this.apiObject = new ApiObject(this, 'Service', {
      apiVersion: 'v1', kind: 'Service',
      metadata: meta(),
      spec: { selector: labels, ports: [{ name: 'http', port: MODEL_LIST_PORT, targetPort: 'http', protocol: 'TCP' }] },
    });
    if (props.allowedSourceRanges) {
      new ApiObject(this, 'NetworkPolicy', {
        apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
        metadata: meta(),
        spec: {
          podSelector: { matchLabels: labels },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{
            from: props.allowedSourceRanges.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ protocol: 'TCP', port: MODEL_LIST_PORT }],
          }],
        },
      });
    }
  }
}
