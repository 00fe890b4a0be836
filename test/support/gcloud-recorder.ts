/**
 * A loopback stand-in for the Google Cloud APIs the cluster steps use, for the REAL gcloud
 * (test/real-gcloud.test.ts): gcloud's `api_endpoint_overrides/<api>` points each API at
 * `http://127.0.0.1:PORT/<api>/`. It records every request (method, path, JSON body) and keeps
 * state like a fresh project would: what a create made then exists (describe/list return it),
 * what a delete removed is gone (404 "Not found"), and every operation is already finished
 * (container `{status: DONE}`, compute `{kind: compute#operation, status: DONE}`, others `{done: true}`).
 * It answers only the shapes gcloud asks for here; anything else is recorded and answered 404.
 */
import * as http from 'http';

export interface RecordedRequest {
  readonly api: string;
  readonly method: string;
  /** The path after /<api>/, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
}

type Json = Record<string, any>;
const PROJECT_NUMBER = '123456789012';

export class GcloudRecorder {
  readonly requests: RecordedRequest[] = [];
  /** Resources by path (without the API and version), e.g. projects/p/locations/l/clusters/c. */
  readonly state = new Map<string, Json>();
  private server?: http.Server;
  private operations = 0;
  port = 0;

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const [, api, ...rest] = url.pathname.split('/');
        let body: any;
        try { body = raw ? JSON.parse(raw) : undefined; } catch { body = raw; }
        const request: RecordedRequest = { api, method: req.method ?? 'GET', path: rest.join('/'), query: url.searchParams, body };
        this.requests.push(request);
        const [status, answer] = this.answer(request);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  base(api: string): string {
    return `http://127.0.0.1:${this.port}/${api}/`;
  }

  private answer(r: RecordedRequest): [number, unknown] {
    // Strip a version segment (v1, v1beta, v2...): container/v1/projects/..., compute/projects/...
    const parts = r.path.split('/').filter((p) => p !== '');
    if (/^v\d/.test(parts[0] ?? '')) parts.shift();
    const path = parts.join('/');
    switch (r.api) {
      case 'container': return this.container(r, path);
      case 'compute': return this.compute(r, path);
      case 'gkehub': return this.hub(r, path);
      case 'serviceusage': return this.serviceUsage(r, path);
      case 'cloudresourcemanager': return this.resourceManager(r, path);
      case 'storage': return this.storage(r, path);
      default: return notFound(path);
    }
  }

  private get(path: string): [number, unknown] {
    const found = this.state.get(path);
    return found ? [200, found] : notFound(path);
  }

  private children(prefix: string): Json[] {
    return [...this.state.entries()].filter(([key]) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/')).map(([, v]) => v);
  }

  private container(r: RecordedRequest, path: string): [number, unknown] {
    const op = (type: string, target: string): [number, unknown] =>
      [200, { name: `operation-${++this.operations}`, status: 'DONE', operationType: type, targetLink: this.base('container') + 'v1/' + target, selfLink: this.base('container') + `v1/${target.split('/clusters/')[0]}/operations/operation-${this.operations}` }];
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^(projects\/[^/]+\/locations\/([^/]+))\/operations\/([^/]+)$/))) return [200, { name: m[3], status: 'DONE' }];
    if ((m = path.match(/^projects\/([^/]+)\/locations\/([^/]+)\/clusters$/))) {
      const [, project, location] = m;
      if (r.method === 'POST') {
        const cluster = r.body.cluster as Json;
        const key = `projects/${project}/locations/${location}/clusters/${cluster.name}`;
        const pools = (cluster.nodePools ?? []).map((p: Json) => ({ ...p, status: 'RUNNING' }));
        this.state.set(key, {
          ...cluster, location, zone: location, status: 'RUNNING', endpoint: '127.0.0.1', nodePools: pools,
          masterAuth: { clusterCaCertificate: Buffer.from('not a certificate').toString('base64') },
          selfLink: this.base('container') + 'v1/' + key,
        });
        return op('CREATE_CLUSTER', key);
      }
      const all = this.children(`projects/${project}/locations/`).length; void all;
      const clusters = [...this.state.entries()].filter(([k]) => k.startsWith(`projects/${project}/locations/`) && /\/clusters\/[^/]+$/.test(k)
        && (location === '-' || k.startsWith(`projects/${project}/locations/${location}/`))).map(([, v]) => v);
      return [200, { clusters }];
    }
    if ((m = path.match(/^(projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/:]+)(?::(\w+))?$/))) {
      const [, key, verb] = m;
      const cluster = this.state.get(key);
      if (!cluster) return notFound(key);
      if (r.method === 'DELETE') { this.state.delete(key); return op('DELETE_CLUSTER', key); }
      if (r.method === 'PUT' || verb) {
        const update = r.body?.update ?? {};
        if (update.desiredAddonsConfig) cluster.addonsConfig = { ...cluster.addonsConfig, ...update.desiredAddonsConfig };
        return op('UPDATE_CLUSTER', key);
      }
      return [200, cluster];
    }
    if ((m = path.match(/^(projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+)\/nodePools(?:\/([^/:]+))?(?::(\w+))?$/))) {
      const [, clusterKey, name, verb] = m;
      const cluster = this.state.get(clusterKey);
      if (!cluster) return notFound(clusterKey);
      const pools: Json[] = cluster.nodePools;
      if (!name) {
        if (r.method === 'POST') { pools.push({ ...r.body.nodePool, status: 'RUNNING' }); return op('CREATE_NODE_POOL', `${clusterKey}/nodePools/${r.body.nodePool.name}`); }
        return [200, { nodePools: pools }];
      }
      const pool = pools.find((p) => p.name === name);
      if (!pool) return notFound(`${clusterKey}/nodePools/${name}`);
      if (r.method === 'DELETE') { pools.splice(pools.indexOf(pool), 1); return op('DELETE_NODE_POOL', `${clusterKey}/nodePools/${name}`); }
      if (verb === 'setAutoscaling') { pool.autoscaling = r.body.autoscaling; return op('SET_NODE_POOL_AUTOSCALING', `${clusterKey}/nodePools/${name}`); }
      if (r.method !== 'GET') return op('UPDATE_NODE_POOL', `${clusterKey}/nodePools/${name}`);
      return [200, pool];
    }
    return notFound(path);
  }

  private compute(r: RecordedRequest, path: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    const op = (target: string, region: string, type = 'insert'): [number, unknown] => {
      const name = `operation-${++this.operations}`;
      return [200, { kind: 'compute#operation', name, status: 'DONE', progress: 100, operationType: type, region: this.base('compute') + 'v1/' + region, targetLink: this.base('compute') + 'v1/' + target, selfLink: this.base('compute') + `v1/${region}/operations/${name}` }];
    };
    if ((m = path.match(/^(projects\/[^/]+\/regions\/[^/]+)\/operations\/([^/]+)$/))) return [200, { kind: 'compute#operation', name: m[2], status: 'DONE', progress: 100 }];
    if ((m = path.match(/^(projects\/[^/]+\/regions\/([^/]+))\/subnetworks(?:\/([^/]+))?$/))) {
      const [, region, regionName, name] = m;
      if (!name) {
        if (r.method === 'POST') {
          const key = `${region}/subnetworks/${r.body.name}`;
          this.state.set(key, { kind: 'compute#subnetwork', ...r.body, region: this.base('compute') + 'v1/' + region, selfLink: this.base('compute') + 'v1/' + key });
          return op(key, region);
        }
        return [200, { kind: 'compute#subnetworkList', items: this.children(`${region}/subnetworks/`) }];
      }
      const key = `${region}/subnetworks/${name}`;
      if (!this.state.has(key)) return notFound(key);
      if (r.method === 'DELETE') {
        const held = this.state.get(key)!.inUseBy;
        if (held) return [400, { error: { code: 400, message: `The subnetwork resource '${key}' is already being used by '${held}'`, errors: [{ reason: 'resourceInUseByAnotherResource', message: `used by ${held}` }] } }];
        this.state.delete(key);
        return op(key, region, 'delete');
      }
      void regionName;
      return [200, this.state.get(key)];
    }
    if ((m = path.match(/^projects\/([^/]+)\/aggregated\/subnetworks$/))) {
      const items = [...this.state.entries()].filter(([k]) => k.includes('/subnetworks/')).map(([, v]) => v);
      return [200, { kind: 'compute#subnetworkAggregatedList', items: { 'regions/all': { subnetworks: items } } }];
    }
    return notFound(path);
  }

  /** A finished operation, kept: gcloud polls it by name and reads its response. */
  private hubOperation(response: Json): [number, unknown] {
    const name = `${String(response.name).split('/').slice(0, 4).join('/')}/operations/operation-${++this.operations}`;
    const op = { name, done: true, metadata: { verb: 'create' }, response };
    this.state.set(name, op);
    return [200, op];
  }

  private hub(r: RecordedRequest, path: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/operations\/([^/]+)$/))) return [200, this.state.get(path) ?? { name: path, done: true }];
    if ((m = path.match(/^projects\/([^/]+)\/locations\/([^/]+)\/(memberships|features)$/))) {
      const [, project, location, kind] = m;
      if (r.method === 'POST') {
        const id = r.query.get(kind === 'memberships' ? 'membershipId' : 'featureId')!;
        const key = `projects/${project}/locations/${location}/${kind}/${id}`;
        // As the API: the multi-cluster Ingress config membership must exist where it is named.
        const config = r.body?.spec?.multiclusteringress?.configMembership;
        if (config && !this.state.has(config)) return [400, { error: { code: 400, message: `config membership ${config} does not exist`, status: 'FAILED_PRECONDITION' } }];
        // A feature is ready at once (`fleet ingress enable` waits for state.state.code OK).
        this.state.set(key, { ...r.body, name: key, ...(kind === 'memberships' ? { state: { code: 'READY' } } : { resourceState: { state: 'ACTIVE' }, state: { state: { code: 'OK' } } }) });
        return this.hubOperation(this.state.get(key)!);
      }
      const resources = [...this.state.entries()].filter(([k]) => k.startsWith(`projects/${project}/locations/`) && k.includes(`/${kind}/`)
        && (location === '-' || k.startsWith(`projects/${project}/locations/${location}/`))).map(([, v]) => v);
      return [200, { resources }];
    }
    if ((m = path.match(/^projects\/[^/]+\/locations\/[^/]+\/(memberships|features)\/[^/:]+$/))) {
      if (!this.state.has(path)) return notFound(path);
      if (r.method === 'DELETE') { const gone = this.state.get(path)!; this.state.delete(path); return this.hubOperation(gone); }
      if (r.method === 'PATCH') { Object.assign(this.state.get(path)!, r.body); return this.hubOperation(this.state.get(path)!); }
      return [200, this.state.get(path)];
    }
    return notFound(path);
  }

  private serviceUsage(_r: RecordedRequest, path: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^operations\/(.+)$/))) return [200, { name: path, done: true }];
    if ((m = path.match(/^projects\/([^/]+)\/services$/))) return [200, { services: this.children(`projects/${m[1]}/services/`) }];
    if ((m = path.match(/^projects\/([^/]+)\/services\/([^/:]+):enable$/))) {
      const key = `projects/${m[1]}/services/${m[2]}`;
      this.state.set(key, { name: `projects/${PROJECT_NUMBER}/services/${m[2]}`, config: { name: m[2] }, state: 'ENABLED' });
      return [200, { name: `operations/operation-${++this.operations}`, done: true, response: { service: this.state.get(key) } }];
    }
    if ((m = path.match(/^projects\/([^/]+)\/services\/([^/:]+)$/))) return this.get(path);
    return notFound(path);
  }

  private resourceManager(r: RecordedRequest, path: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    if ((m = path.match(/^projects\/([^/:]+)$/))) return [200, { projectId: m[1], projectNumber: PROJECT_NUMBER, lifecycleState: 'ACTIVE', name: m[1] }];
    if ((m = path.match(/^projects\/([^/:]+):(getIamPolicy|setIamPolicy)$/))) {
      const key = `projects/${m[1]}/iamPolicy`;
      if (m[2] === 'setIamPolicy') this.state.set(key, { ...r.body.policy, etag: 'BwAAAAAAAAE=' });
      return [200, this.state.get(key) ?? { version: 1, etag: 'BwAAAAAAAAA=', bindings: [] }];
    }
    return notFound(path);
  }

  private storage(r: RecordedRequest, path: string): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (path === 'b' && r.method === 'POST') {
      const key = `b/${r.body.name}`;
      this.state.set(key, { kind: 'storage#bucket', ...r.body, id: r.body.name, projectNumber: PROJECT_NUMBER });
      return [200, this.state.get(key)];
    }
    if ((m = path.match(/^b\/([^/]+)\/iam$/))) {
      if (!this.state.has(`b/${m[1]}`)) return notFound(`b/${m[1]}`);
      const key = `b/${m[1]}/iam`;
      if (r.method === 'PUT') this.state.set(key, { kind: 'storage#policy', ...r.body, etag: 'CAE=' });
      return [200, this.state.get(key) ?? { kind: 'storage#policy', resourceId: `projects/_/buckets/${m[1]}`, version: 1, etag: 'CAE=', bindings: [] }];
    }
    if ((m = path.match(/^b\/([^/]+)$/))) {
      if (r.method === 'DELETE') { this.state.delete(path); return [204, {}]; }
      return this.get(path);
    }
    return notFound(path);
  }
}

function notFound(path: string): [number, unknown] {
  return [404, { error: { code: 404, message: `Not found: ${path}`, status: 'NOT_FOUND', errors: [{ reason: 'notFound', message: `Not found: ${path}` }] } }];
}
