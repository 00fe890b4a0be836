/**
 * A platform team's own cdk8s app using ray-llm-gateway at both levels:
 * the building blocks in a chart of its own, and the whole fleet from a typed model list.
 */
import { App, Chart } from 'cdk8s';
import { ModelFleet, ModelGateway, ModelListSpec, ModelRoute, RayLlmService, RayNetworkPolicy, ServeHealthCheck } from 'ray-llm-gateway';

const app = new App();

// The building blocks: a RayService, its health check and a route, in your own chart.
const chart = new Chart(app, 'team-a', { namespace: 'team-a', disableResourceNameHashes: true });
const gemma = new RayLlmService(chart, 'gemma', { name: 'gemma', modelId: 'google/gemma-2b-it', source: 'google/gemma-2b-it', metadata: { labels: { team: 'a' } } });
new ServeHealthCheck(chart, 'gemma-health', { service: gemma });
// Ray's dashboard, GCS and client ports run without authentication: only the cluster's own pods,
// the load balancer (Serve), the KubeRay operator and managed Prometheus get in.
new RayNetworkPolicy(chart, 'gemma-fence', { rayService: gemma });
const gateway = new ModelGateway(chart, 'gateway', { name: 'team-a-gateway' });
new ModelRoute(chart, 'route', { name: 'team-a-models', gateway }).addModel(gemma);

// The fleet: the same list shape as models.yaml, typed.
const list: ModelListSpec = {
  namespace: 'llm',
  models: [
    { id: 'qwen-25-3b', source: 'Qwen/Qwen2.5-3B-Instruct' },
    { id: 'mistral-7b', source: 'mistralai/Mistral-7B-Instruct-v0.3', accelerator: 'nvidia-tesla-a100', minReplicas: 1, maxReplicas: 3 },
  ],
};
const fleet = new ModelFleet(app, 'fleet', { list });
for (const warning of fleet.warnings) console.error(`warning: ${warning}`);

app.synth();
