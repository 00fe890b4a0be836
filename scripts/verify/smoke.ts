/**
 * `cluster.sh test`: the seed's "Test the deployment", per model. From a short-lived pod in the
 * Gateway's namespace (no service-account token, no permissions), one OpenAI chat request per
 * name clients send (model id, `<id>:<adapter>`) to the Gateway's address, and one for a model
 * that does not exist (expected: 404); with gateway.modelList, `GET /v1/models` (exactly the
 * routed names), `GET /v1/models/<first>` and an unknown id (404). With governance.apiKeySecret
 * every request carries the key: the pod gets it from the Secret as an environment variable and
 * curl expands it into the header (`--variable %NAME`, `--expand-header`, `{{NAME:trim}}`: curl
 * >= 8.3.0, https://curl.se/docs/manpage.html#--variable; the smoke image has 8.11.1), so it is
 * in no argv. The verdict names the likely cause of each failure, from the status rows (lib/facts/kuberay-status.ts).
 */
import type { VerifyPlan } from '../../lib/plan/verify-plan';
import { StatusReport, StatusRow } from './status';
import { MODELS_PATH } from '../../lib/facts/openai';

export interface SmokeRequest {
  readonly name: string;
  /** model/unknown: a chat request; list, object, unknown-object: a GET under /v1/models. */
  readonly expect: 'model' | 'unknown' | 'list' | 'object' | 'unknown-object';
  readonly model?: string;
  /** The GET's path (list requests only). */
  readonly path?: string;
}

/** The environment variable of the smoke pod holding the API key (from the Secret). */
export const API_KEY_ENV = 'RLG_API_KEY';

/** Requests in table order: each model, its adapters, the unknown model, then the model list's. */
export function smokeRequests(plan: VerifyPlan): SmokeRequest[] {
  const list = plan.smoke.modelList;
  const first = list?.ids[0];
  return [
    ...plan.models.flatMap((m) => [{ name: m.id, expect: 'model' as const, model: m.id }, ...m.adapters.map((a) => ({ name: a, expect: 'model' as const, model: m.id }))]),
    { name: plan.smoke.unknownModel, expect: 'unknown' },
    ...(list ? [
      { name: `GET ${MODELS_PATH}`, expect: 'list' as const, path: MODELS_PATH },
      ...(first === undefined ? [] : [{ name: `GET ${MODELS_PATH}/${first}`, expect: 'object' as const, model: first, path: `${MODELS_PATH}/${encodeURIComponent(first)}` }]),
      { name: `GET ${MODELS_PATH}/${plan.smoke.unknownModel}`, expect: 'unknown-object' as const, path: `${MODELS_PATH}/${plan.smoke.unknownModel}` },
    ] : []),
  ];
}

export const chatBody = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hi.' }], max_tokens: 8 });

/** The smoke pod: restricted Pod Security, no token, deleted by the script afterwards. */
export function smokePod(plan: VerifyPlan): object {
  const { smoke } = plan;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: smoke.podName, namespace: smoke.namespace, labels: { 'app.kubernetes.io/name': smoke.podName } },
    spec: {
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      activeDeadlineSeconds: 1800,
      securityContext: { runAsNonRoot: true, runAsUser: smoke.uid, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'curl', image: smoke.image, command: ['sleep', '1800'],
        ...(smoke.apiKey ? { env: [{ name: API_KEY_ENV, valueFrom: { secretKeyRef: { name: smoke.apiKey.secretName, key: smoke.apiKey.secretKey } } }] } : {}),
        resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}

/**
 * The curl argv (run in the pod) for one request, by its name in smokeRequests (a chat request for
 * any other name). Prints the body, a line break, then "CODE SECONDS".
 */
export function curlArgs(plan: VerifyPlan, address: string, name: string): string[] {
  const { scheme, hostname, apiKey } = plan.smoke;
  const request = smokeRequests(plan).find((r) => r.name === name);
  const host = hostname ?? address;
  const port = scheme === 'https' ? 443 : 80;
  const resolve = hostname ? [`--resolve=${hostname}:${port}:${address}`] : [];
  // The key: imported from the pod's environment and expanded by curl, never written here.
  const key = apiKey ? ['--variable', `%${API_KEY_ENV}`, '--expand-header', `${apiKey.header}: {{${API_KEY_ENV}:trim}}`] : [];
  const what = request?.path
    ? [`${scheme}://${host}${request.path}`]
    : ['--header', 'Content-Type: application/json', '--data', chatBody(name), `${scheme}://${host}/v1/chat/completions`];
  // With HTTPS the certificate is not checked (the smoke test checks routing, not the certificate).
  return ['curl', '-sS', '--max-time', '300', ...resolve, ...(scheme === 'https' ? ['--insecure'] : []),
    '--write-out', '\\n%{http_code} %{time_total}', ...key, ...what];
}

export interface SmokeRow { readonly name: string; readonly code: string; readonly answered: string; readonly latency: string; readonly ok: boolean; readonly cause?: string }

/** A response as the curl above writes it. */
export function parseResponse(out: string): { code: string; seconds: number; body: unknown; text: string } {
  const trimmed = out.replace(/\n$/, '');
  const cut = trimmed.lastIndexOf('\n');
  const [code = '000', seconds = '0'] = trimmed.slice(cut + 1).trim().split(/\s+/);
  const text = cut >= 0 ? trimmed.slice(0, cut) : '';
  let body: unknown;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { code: /^\d{3}$/.test(code) ? code : '000', seconds: Number(seconds) || 0, body, text };
}

const fromRay = (body: unknown) => typeof body === 'object' && body !== null && 'error' in body;

/** The likely cause of a failed request: what the status says first, then what the answer says. */
function causeOf(plan: VerifyPlan, status: StatusReport, request: SmokeRequest, code: string, body: unknown): string {
  const rows = status.clusters.flatMap((c) => c.rows);
  const bad = (pred: (r: StatusRow) => boolean) => rows.filter((r) => pred(r) && !r.healthy);
  const model = plan.models.find((m) => m.id === request.model);
  const causes: string[] = [];
  if (model) {
    const route = bad((r) => r.kind === 'HTTPRoute' && r.name.endsWith(`/${model.route}`));
    if (route.length) causes.push(`route not accepted: ${route[0].name} (${route[0].detail})`);
    const ray = bad((r) => r.kind === 'RayService' && model.rayServices.includes(r.name));
    if (ray.length) causes.push(`no endpoints: RayService ${ray[0].name} not ready (${ray[0].detail})${ray[0].hint ? `; ${ray[0].hint}` : ''}`);
  }
  const router = bad((r) => r.kind === 'Deployment');
  if (router.length) causes.push(`router not ready (${router[0].detail})`);
  const gateway = bad((r) => r.kind === 'Gateway');
  if (gateway.length) causes.push(`Gateway not programmed (${gateway[0].detail})`);
  if (code === '404') causes.push(fromRay(body) ? '404 from Ray: the Serve application does not serve this name (model_id or adapter)' : 'no route matched this name (404 from the load balancer: the router did not set X-Gateway-Model-Name, or no rule has it)');
  else if (code === '000') causes.push('no answer from the Gateway address (unreachable from the cluster, or timed out)');
  else if (code.startsWith('5')) causes.push(`HTTP ${code}: no healthy backend (health check failing, or no serve endpoints)`);
  else if (code === '401' || code === '403') causes.push(`HTTP ${code}: the Gateway asks for credentials (API key policy)`);
  return causes.length ? causes.join('; ') : `unexpected answer (HTTP ${code})`;
}

export function smokeRows(plan: VerifyPlan, status: StatusReport, outputs: (string | undefined)[]): SmokeRow[] {
  return smokeRequests(plan).map((request, i) => {
    const { code, seconds, body, text } = parseResponse(outputs[i] ?? '');
    if (request.path) return modelListRow(plan, request, code, `${Math.round(seconds * 1000)} ms`, body);
    const answered = typeof (body as { model?: unknown })?.model === 'string' ? (body as { model: string }).model : '';
    const latency = `${Math.round(seconds * 1000)} ms`;
    if (request.expect === 'model') {
      const ok = code === '200' && answered === request.name;
      const cause = ok ? undefined : code === '200' ? `answered as "${answered || text.slice(0, 80)}", not "${request.name}": routed to another model` : causeOf(plan, status, request, code, body);
      return { name: request.name, code, answered: answered || '-', latency, ok, ...(cause ? { cause } : {}) };
    }
    // The unknown name must reach no model: a 404 from the load balancer. With a default model
    // it reaches that model, whose Ray app answers 404 for a name it does not serve.
    const ok = code === '404' && (!fromRay(body) || plan.smoke.defaultModel !== undefined) && answered === '';
    const cause = ok ? undefined : code === '200' ? `a model answered a name no model has (as "${answered}"): a catch-all rule routes it` : `expected 404, got ${code}${fromRay(body) ? ' from Ray (it reached a model)' : ''}`;
    return { name: `${request.name} (must not exist)`, code, answered: answered || '-', latency, ok, ...(cause ? { cause } : {}) };
  });
}

/** A GET under /v1/models: the list must name exactly the routed names; one id its object; an unknown id 404. */
function modelListRow(plan: VerifyPlan, request: SmokeRequest, code: string, latency: string, body: unknown): SmokeRow {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { object?: unknown; data?: { id?: unknown }[]; id?: unknown; error?: unknown };
  const expected = plan.smoke.modelList?.ids ?? [];
  const row = (ok: boolean, answered: string, cause: string) => ({ name: request.name, code, answered, latency, ok, ...(ok ? {} : { cause }) });
  const codeCause = code === '404' ? 'GET /v1/models reached no responder (404): the model list rule is missing or not programmed' : code === '401' || code === '403' ? `HTTP ${code}: the Gateway refused the API key` : `HTTP ${code}`;
  if (request.expect === 'list') {
    const ids = Array.isArray(answer.data) ? answer.data.map((m) => String(m?.id)) : [];
    const missing = expected.filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !expected.includes(id));
    const ok = code === '200' && answer.object === 'list' && missing.length === 0 && extra.length === 0;
    const cause = code !== '200' ? codeCause : answer.object !== 'list' ? 'not an OpenAI list (object is not "list")' : `the list ${missing.length ? `lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ' and ' : ''}${extra.length ? `has ${extra.join(', ')}` : ''}`;
    return row(ok, `${ids.length} ids`, cause);
  }
  if (request.expect === 'object') {
    const ok = code === '200' && answer.id === request.model;
    return row(ok, typeof answer.id === 'string' ? answer.id : '-', code === '200' ? `answered as "${String(answer.id)}", not "${request.model}"` : codeCause);
  }
  const ok = code === '404' && answer.error !== undefined;
  return row(ok, '-', code === '404' ? 'a 404 without an OpenAI error body: not the model list responder' : `expected 404, got ${code}`);
}
