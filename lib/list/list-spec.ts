/**
 * The model list's list-level settings (gateway, TLS, secret, clusters, governance, network,
 * security) and the list itself: part of the one schema (see lib/list/model-spec.ts).
 */
import { Static, Type } from '@sinclair/typebox';
import { GATEWAY_CLASSES } from '../facts/gateway-classes';
import { KUBERAY_OPERATOR_NAMESPACE } from '../facts/ray';
import { GitOpsSchema } from './gitops-spec';
import { ModelSchema, UpgradeSchema } from './model-spec';
import { Strict } from './schema-kit';
import { DEFAULT_ROUTER_CHART_VERSION, ROUTER_CHART_VERSIONS } from '../facts/router-charts';

export const HttpModeSchema = Type.Union([Type.Literal('redirect'), Type.Literal('off'), Type.Literal('serve')], {
  default: 'redirect',
  description: 'Port 80 once HTTPS is on: `redirect` answers 301 to the same URL on https, `off` removes the listener, `serve` routes plain HTTP like HTTPS.',
});
export type HttpMode = Static<typeof HttpModeSchema>;

export const TlsSchema = Strict({
  certificateSecret: Type.Optional(Type.String({ description: "A Kubernetes TLS Secret in the Gateway's namespace (created by you, never by synth). Give this or certificateMap, not both." })),
  certificateMap: Type.Optional(Type.String({ description: 'A Certificate Manager certificate map (the Gateway annotation `networking.gke.io/certmap`).' })),
  hostnames: Type.Optional(Type.Array(Type.String(), { default: [], description: 'Host names the routes answer (HTTPRoute `hostnames`), at most 16; `*.example.com` allowed. Default: any host.' })),
  http: Type.Optional(HttpModeSchema),
}, { description: 'TLS termination at the Gateway: an HTTPS listener on 443 with one certificate source.' });
export type TlsSpec = Static<typeof TlsSchema>;

export const GatewaySchema = Strict({
  name: Type.Optional(Type.String({ default: 'ray-multi-model-gateway', description: "Name of the Gateway; the body-based router's `inferenceGateway.name` is set to it." })),
  className: Type.Optional(Type.String({ default: 'gke-l7-rilb', enum: GATEWAY_CLASSES.map((c) => c.name), description: "GatewayClass. `gke-l7-rilb` is GKE's regional internal Application Load Balancer. What each class supports is in lib/facts/gateway-classes.ts (docs/multi-region-and-gke-classes.md \"GKE support per GatewayClass\")." })),
  routeName: Type.Optional(Type.String({ default: 'ray-multi-model-route', description: 'Name of the HTTPRoute that holds the model rules. When the rules need more than one route (16 rules each), the others are named `<routeName>-2`, `<routeName>-3`, ...' })),
  ruleTimeouts: Type.Optional(Type.Boolean({ default: false, description: "Also set each rule's `timeouts.request` to its model's timeoutSeconds. Off by default: GKE documents the GCPBackendPolicy timeout (always generated); enable this only with a class that supports HTTPRoute timeouts." })),
  tls: Type.Optional(TlsSchema),
  bodyBasedRouting: Type.Optional(Type.Boolean({ default: true, description: "Install the body-based router, which reads `model` from each request's JSON body and sets the `X-Gateway-Model-Name` header the routes match. Needs a class that takes a GCPRoutingExtension (GKE documents it for `gke-l7-rilb` and `gke-l7-regional-external-managed`). `false`: no router; clients send the `X-Gateway-Model-Name` header themselves, or call a model's `pathPrefix`. Multi-cluster classes need `false`." })),
  modelList: Type.Optional(Type.Boolean({ default: true, description: "Answer `GET /v1/models` (and `GET /v1/models/{id}`) at the Gateway with every model id and adapter name it routes, in OpenAI's list format, from a small responder made at synth (lib/constructs/model-list-responder.ts) in the Gateway's namespace. Its route rule (path prefix `/v1/models`) outranks the model rules. `false`: no responder; `/v1/models` then gets the Gateway's 404 (or the defaultModel's answer)." })),
}, { description: 'The Gateway every model is reached through.' });
export type GatewaySpec = Static<typeof GatewaySchema>;

export const HuggingFaceSecretSchema = Strict({
  name: Type.Optional(Type.String({ default: 'hf-secret', description: 'Name of the Secret.' })),
  key: Type.Optional(Type.String({ default: 'hf_api_token', description: 'Key of the token in it.' })),
}, { description: 'The Kubernetes Secret holding the Hugging Face token (created by scripts/cluster.sh, never by synth).' });
export type HuggingFaceSecretSpec = Static<typeof HuggingFaceSecretSchema>;

export const ClusterSchema = Strict({
  name: Type.String({ description: 'GKE cluster and fleet membership name (a DNS label of at most 40 characters); also its dist/ folder.' }),
  region: Type.String({ description: 'Region, e.g. `us-central1`.' }),
  location: Type.Optional(Type.String({ description: 'Zone or region the GKE cluster is created in. Default: "<region>-b".' })),
  config: Type.Optional(Type.Boolean({ description: 'The config cluster holds the Gateway, the routes and the router. Exactly one. Default: the first cluster.' })),
  proxySubnetRange: Type.Optional(Type.String({ description: "Range of the proxy-only subnet of this cluster's region (the NetworkPolicies admit it; with the cross-region internal class every cluster admits every region's). Clusters in one region share it; regions must not overlap. Default: another cluster's of the same region, else network.proxySubnetRange for the first region and the next blocks of its size (192.168.11.0/24, ...) for the others. An existing proxy-only subnet must have this range (scripts/cluster.sh stops otherwise)." })),
}, { description: 'One GKE cluster of a multi-cluster (multi-region) fleet.' });
export type ClusterSpec = Static<typeof ClusterSchema>;

export const ApigeeSchema = Strict({
  location: Type.Optional(Type.String({ default: 'global', description: "Location of the extension: `global` for global load balancers, else the Gateway's region." })),
  environment: Type.Optional(Type.String({ description: "Apigee environment. Default: the organization's default environment." })),
  failOpen: Type.Optional(Type.Boolean({ default: false, description: 'Let requests through while Apigee cannot be reached.' })),
  timeoutMilliseconds: Type.Optional(Type.Integer({ default: 1000, minimum: 1, maximum: 60000, description: 'How long the load balancer waits for Apigee.' })),
}, { description: 'API-key governance through Apigee (opt-in).' });
export type ApigeeSpec = Static<typeof ApigeeSchema>;

export const ApiKeySecretSchema = Strict({
  name: Type.String({ description: "Name of the Secret, in the Gateway's namespace (created by you, never by synth)." }),
  key: Type.Optional(Type.String({ default: 'api-key', description: 'Key of the API key in it.' })),
}, { description: "A Kubernetes Secret holding one API key that the Gateway accepts (with `apigee`: a key Apigee issued to an app). `scripts/cluster.sh test` sends it from the Secret (header `x-api-key`; never on a command line, never in dist/). Without `apigee` no supported Ray version checks keys, and the list is refused (lib/facts/api-keys.ts). Rotation: docs/security.md \"API keys the smoke test sends, and rotation\"." });
export type ApiKeySecretSpec = Static<typeof ApiKeySecretSchema>;

export const GovernanceSchema = Strict({
  apigee: Type.Optional(ApigeeSchema),
  apiKeySecret: Type.Optional(ApiKeySecretSchema),
}, { description: 'Governance of who may call the models: API keys with the Apigee APIM Operator (an APIMExtensionPolicy on the Gateway).' });
export type GovernanceSpec = Static<typeof GovernanceSchema>;

export const NetworkSchema = Strict({
  proxySubnetRange: Type.Optional(Type.String({ default: '192.168.10.0/24', description: 'Range of the proxy-only subnet (REGIONAL_MANAGED_PROXY) that scripts/cluster.sh creates for the regional load balancer; the Ray NetworkPolicies admit Serve traffic from it.' })),
}, { description: 'The network the load balancer reaches the models from.' });
export type NetworkSpec = Static<typeof NetworkSchema>;

export const SecuritySchema = Strict({
  networkPolicies: Type.Optional(Type.Boolean({ default: true, description: "A NetworkPolicy per Ray cluster: Serve (8000) only from the load balancer's proxies and health checkers, Ray's ports only from the cluster's own pods." })),
  podSecurity: Type.Optional(Type.Boolean({ default: true, description: 'Pod and container securityContext: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp.' })),
  operatorNamespace: Type.Optional(Type.String({
    default: KUBERAY_OPERATOR_NAMESPACE,
    description: 'Namespace the KubeRay operator runs in. The NetworkPolicies let operator pods of this namespace only (`app.kubernetes.io/component: kuberay-operator`) reach the dashboard (8265) and Serve (8000). Find it with `kubectl get pods -A -l app.kubernetes.io/component=kuberay-operator`; a KubeRay Helm install uses its release namespace. The default is where GKE\'s Ray Operator add-on is expected.',
  })),
  egress: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('restricted')], {
    default: 'open',
    description: "Outbound connections of the Ray pods. `open`: anywhere. `restricted`: a second NetworkPolicy per Ray cluster allows only DNS, the Ray cluster's own pods, the GKE metadata server and HTTPS (443) to any address; it limits, not prevents, exfiltration.",
  })),
  networkPolicyEnforcement: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('unenforced-ok')], {
    default: 'required',
    description: "Whether the cluster must enforce the NetworkPolicies. `required`: scripts/cluster.sh creates clusters with Dataplane V2 and stops at an existing cluster that enforces none (neither Dataplane V2 nor network policy enforcement), printing the commands that fix it. `unenforced-ok`: it applies them anyway with a warning (the policies then protect nothing).",
  })),
}, { description: 'Hardening of the Ray clusters.' });
export type SecuritySpec = Static<typeof SecuritySchema>;

export const ModelCacheSchema = Strict({
  bucket: Type.String({ minLength: 3, description: "Cloud Storage bucket holding each model's weights once, under the model's source (`gs://<bucket>/<source>/`). scripts/cluster.sh creates it if missing (uniform access, in the cluster's region; a fleet's: the config cluster's), fills it with a one-off Job and lets the Ray pods read it, read-only, through GKE's Cloud Storage FUSE CSI driver. The Ray pods then get no Hugging Face token." }),
  allModels: Type.Optional(Type.Boolean({ default: true, description: 'Every model reads its weights from the bucket unless it sets `modelCache: false`. false: only the models with `modelCache: true`.' })),
}, { description: 'Weights from a Cloud Storage bucket in the cluster\'s region instead of the Hugging Face Hub at every start (opt-in; docs/cold-start.md).' });
export type ModelCacheSpec = Static<typeof ModelCacheSchema>;

export const RouterSchema = Strict({
  chartVersion: Type.Optional(Type.String({
    default: DEFAULT_ROUTER_CHART_VERSION, enum: [...ROUTER_CHART_VERSIONS],
    description: "Version of the body-based router's Helm chart (gateway-api-inference-extension `body-based-routing`) that scripts/cluster.sh (or the GitOps controller) installs; deploy/router-values.yaml follows that version's values (lib/facts/router-charts.ts). v1.5.0 is the chart's last release there; its successor, llm-d's payload-processor, is not supported until it has a release.",
  })),
}, { description: 'The body-based router (installed unless gateway.bodyBasedRouting is false).' });
export type RouterSpec = Static<typeof RouterSchema>;

export const ModelListSchema = Strict({
  release: Type.Optional(Type.String({ pattern: '^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$', description: 'Name of this list on a cluster and project (a DNS label of at most 40 characters). scripts/cluster.sh marks what it creates with it (namespaces, Secrets, cluster, node pools), prunes only its own ApplySet (`rlg-<release>`) and deletes only what carries its mark, so two lists on one cluster leave each other alone. Default: `<namespace>-<gateway name>`, e.g. `default-ray-multi-model-gateway`.' })),
  namespace: Type.Optional(Type.String({ default: 'default', description: 'Namespace of the Gateway, the routes, the router and (unless a model names its own) the models.' })),
  gateway: Type.Optional(GatewaySchema),
  huggingFaceSecret: Type.Optional(HuggingFaceSecretSchema),
  network: Type.Optional(NetworkSchema),
  security: Type.Optional(SecuritySchema),
  governance: Type.Optional(GovernanceSchema),
  clusters: Type.Optional(Type.Array(ClusterSchema, { description: 'Several GKE clusters behind one multi-cluster Gateway (an `-mc` gateway class). Each model runs in the clusters it names; dist/ gets a folder per cluster. Default: one cluster.' })),
  models: Type.Array(ModelSchema, { minItems: 1, description: 'The models, at least one.' }),
  defaultModel: Type.Optional(Type.String({ description: "Id of the model that gets requests no other rule matches (no `model` in the body, or a model not in the list). Without it, such requests get the Gateway's 404." })),
  upgrade: Type.Optional(Type.Union([Type.Literal('newCluster'), Type.Literal('none')], { default: 'newCluster', description: `Default \`upgrade\` of every model. ${UpgradeSchema.description}` })),
  gitops: Type.Optional(GitOpsSchema),
  modelCache: Type.Optional(ModelCacheSchema),
  router: Type.Optional(RouterSchema),
}, {
  title: 'ray-llm-gateway model list',
  description: 'One list of LLMs served with Ray Serve on GKE behind one model-aware Gateway (models.yaml).',
});
export type ModelListSpec = Static<typeof ModelListSchema>;
