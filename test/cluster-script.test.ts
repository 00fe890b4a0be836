/**
 * Tests of scripts/cluster.sh, which executes deploy/cluster-steps.tsv (lib/plan/cluster-steps.ts).
 * The script runs with the recording stand-ins of test/stand-ins/ (gcloud, helm, kubectl) first on
 * PATH: they log every call, answer existence checks from STANDIN_EXISTING, node pool observations
 * from STANDIN_OBSERVED, and fail on request (STANDIN_FAIL). Nothing talks to Google Cloud.
 * Step files are generated from fixture lists (test/fixtures/lists/cluster/*.yaml) the way synth does.
 */
import { loadModelList, planModels } from '../lib';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deployFiles } from '../lib/plan/deploy-files';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { clusterSteps, renderClusterSteps } from '../lib/plan/cluster-steps';
import { stepFileProblem } from '../scripts/cluster-check';
import { applySetId } from '../lib/plan/cluster-targets';
import { publishIdOnDisk } from '../lib/synth/publish-id';

/** The release of test/fixtures/lists/cluster/teams.yaml (its default: <namespace>-<gateway name>). */
const STANDIN_TEAMS_RELEASE = 'llm-gateway-shared-gateway';

const REPO = path.resolve(__dirname, '..');
const SCRIPT = path.join(REPO, 'scripts', 'cluster.sh');
const STAND_INS = path.join(REPO, 'test', 'stand-ins');
const FIXTURES = 'test/fixtures/cluster';
const PLAN_LISTS = path.join(REPO, 'test', 'fixtures', 'lists', 'cluster');
const DIST: Record<string, string> = { 'multi-global': `${FIXTURES}/multi/dist`, 'multi-regional': `${FIXTURES}/multi-regional/dist` };
const BASH = ['/bin/bash', '/usr/bin/bash'].find((candidate) => fs.existsSync(candidate)) ?? 'bash';

const TOKEN = 'hf_TESTTOKEN_abc123';
const TOKEN_BASE64 = Buffer.from(TOKEN).toString('base64');
const PROJECT = 'test-project';
const CLUSTER = 'test-cluster';
const CTX = `--context=gke_${PROJECT}_us-central1-b_${CLUSTER}`;
const CHART = 'oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing';
/** The seed list's pool as it should be: 4 nodes, up to 8 during NewCluster upgrades, one L4 per g2-standard-8. */
const SEED_OBSERVED = ['gpu-nvidia-l4:size=True,4,8', 'gpu-nvidia-l4:machine=g2-standard-8,120,nvidia-l4,1', 'default-pool:size=True,2,4', 'default-pool:machine=e2-standard-4,150'];
const SEED_EXISTING = ['cluster', 'nodepool:default-pool', 'nodepool:gpu-nvidia-l4', 'networkservices', 'subnet:ray-llm-proxy-only-subnet=192.168.10.0/24', 'release:body-based-router'];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-sh-test-'));
  tempDirs.push(dir);
  return dir;
}

/** The step file of a fixture list, as synth writes it (deploy dir = the fixtures, so the router values are theirs). */
function steps(name: string): string {
  const list = loadModelList(path.join(PLAN_LISTS, `${name}.yaml`));
  const file = path.join(tempDir(), `${name}.tsv`);
  const dist = DIST[name] ?? `${FIXTURES}/dist`;
  // The files of dist/ as synth passes them (relative to it): each folder's manifests are named but its Namespace object.
  const distFiles = fs.existsSync(path.join(REPO, dist)) ? (fs.readdirSync(path.join(REPO, dist), { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')) : [];
  fs.writeFileSync(file, deployFiles(planModels(list), FIXTURES, dist, distFiles)['cluster-steps.tsv']);
  return file;
}

interface RunOptions {
  steps?: string;
  existing?: string[];
  observed?: string[];
  fail?: string;
  env?: Record<string, string | undefined>;
  path?: string;
  input?: string;
  /** Options of bash itself, e.g. ['-x']. */
  bashOptions?: string[];
}
interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One entry per stand-in call: "tool arg1 arg2 ...". */
  calls: string[];
  /** What `kubectl apply --filename=-` received on stdin. */
  applied: string;
}

function runScript(args: string[], options: RunOptions = {}): RunResult {
  const dir = tempDir();
  const log = path.join(dir, 'calls.log');
  const stdinLog = path.join(dir, 'stdin.log');
  const stepFile = options.steps ?? steps('seed');
  const env: Record<string, string | undefined> = {
    PATH: options.path ?? `${STAND_INS}:/usr/bin:/bin`,
    HOME: dir,
    LANG: 'C',
    STANDIN_LOG: log,
    STANDIN_STDIN_LOG: stdinLog,
    STANDIN_EXISTING: (options.existing ?? []).join(' '),
    STANDIN_OBSERVED: (options.observed ?? []).join(' '),
    STANDIN_FAIL: options.fail,
    CLUSTER_STEPS: stepFile,
    // The release the step file marks with (its ApplySet is rlg-<release>): the stand-ins report it as ours.
    STANDIN_RELEASE: fs.existsSync(stepFile) ? /--applyset=rlg-([^\t\n]+)/.exec(fs.readFileSync(stepFile, 'utf8'))?.[1] ?? '' : '',
    PROJECT_ID: PROJECT,
    CLUSTER,
    HUGGING_FACE_TOKEN: TOKEN,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(BASH, [...(options.bashOptions ?? []), SCRIPT, ...args], { cwd: dir, env: env as NodeJS.ProcessEnv, input: options.input ?? '', encoding: 'utf8', timeout: 20000 });
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  // The list's release (lib/plan/release.ts) shown as {release}: one expectation for every list.
  const release = (text: string) => (env.STANDIN_RELEASE ? text.split(env.STANDIN_RELEASE).join('{release}') : text);
  return {
    status: result.status,
    stdout: release(result.stdout),
    stderr: release(result.stderr),
    calls: read(log).split('\n').filter((line) => line !== '').map((line) => release(line.split('\t').join(' '))),
    applied: read(stdinLog),
  };
}

/** Calls that change something (everything but describe/list/get/status/diff/get-credentials). */
const changes = (calls: string[]) => calls.filter((c) => !/ (describe|list|get|status|diff|get-credentials) /.test(`${c} `));
const where = `--location=us-central1-b --project=${PROJECT}`;
const pool = `gpu-nvidia-l4 --cluster=${CLUSTER} ${where}`;
const poolCreate = `gcloud container node-pools create ${pool} --accelerator=type=nvidia-l4,count=1,gpu-driver-version=latest --machine-type=g2-standard-8 --disk-size=120 --num-nodes=4 --enable-autoscaling --min-nodes=4 --max-nodes=8 --workload-metadata=GKE_METADATA --labels=managed_by=ray-llm-gateway,rlg_release={release}`;
/** Created and marked in one call: the manifest gets the release's labels locally, then one apply. */
const secretPipe = (ns: string) => [
  `kubectl ${CTX} create secret generic hf-secret --namespace=${ns} --from-file=hf_api_token=/dev/stdin --dry-run=client --output=yaml`,
  'kubectl label --local --filename=- app.kubernetes.io/managed-by=ray-llm-gateway ray-llm-gateway/release={release} --output=yaml',
  `kubectl ${CTX} apply --server-side --field-manager=ray-llm-gateway --filename=-`,
];
/** The fixture folder's manifests as kubectl arguments (never a Namespace object of dist/). */
const manifestArgs = (ns: string, dist = `${FIXTURES}/dist`) => fs.readdirSync(path.join(REPO, dist, ns)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `--filename=${dist}/${ns}/${f}`).join(' ');
const applyNs = (ns: string) => `kubectl ${CTX} apply --namespace=${ns} --prune --applyset=rlg-{release} ${manifestArgs(ns)}`;

describe('scripts/cluster.sh up', () => {
  test('the script and the stand-ins are executable; the shell under scripts/ is at most 400 lines', () => {
    for (const file of [SCRIPT, ...['gcloud', 'helm', 'kubectl'].map((tool) => path.join(STAND_INS, tool))]) {
      expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
    }
    const shell = fs.readdirSync(path.join(REPO, 'scripts')).filter((f) => f.endsWith('.sh'));
    const lines = shell.reduce((sum, f) => sum + fs.readFileSync(path.join(REPO, 'scripts', f), 'utf8').split('\n').length - 1, 0);
    // Issue #30: at most 400; every decision stays in TypeScript (deploy/cluster-steps.tsv,
    // scripts/cluster-check.ts, scripts/verify.ts).
    expect(lines).toBeLessThanOrEqual(400);
  });

  test('seed list, nothing existing: checks and creates everything in order', () => {
    const result = runScript(['up']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud services list --enabled --project=${PROJECT} --filter=config.name=networkservices.googleapis.com --format=value(config.name)`,
      `gcloud services enable networkservices.googleapis.com --project=${PROJECT}`,
      `gcloud container clusters describe ${CLUSTER} ${where}`,
      `gcloud container clusters create ${CLUSTER} ${where} --release-channel=rapid --cluster-version=1.35 --gateway-api=standard ` +
        `--addons=HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring --workload-pool=${PROJECT}.svc.id.goog --enable-dataplane-v2 ` +
        '--machine-type=e2-standard-4 --disk-size=150 --num-nodes=2 --enable-autoscaling --min-nodes=2 --max-nodes=4 --labels=managed_by=ray-llm-gateway,rlg_release={release}',
      `gcloud container clusters get-credentials ${CLUSTER} ${where}`,
      // made by this release (the pools of a cluster it found are left as they are)
      `gcloud container clusters list --project=${PROJECT} --filter=name=${CLUSTER} AND location=us-central1-b AND resourceLabels.managed_by=ray-llm-gateway AND resourceLabels.rlg_release={release} --format=value(name)`,
      // the default pool `clusters create` made, as planned: only checked
      `gcloud container node-pools describe default-pool --cluster=${CLUSTER} ${where}`,
      `gcloud container node-pools describe default-pool --cluster=${CLUSTER} ${where}`,
      `gcloud container node-pools describe default-pool --cluster=${CLUSTER} ${where} --format=csv[no-heading](autoscaling.enabled,autoscaling.minNodeCount,autoscaling.maxNodeCount)`,
      `gcloud container node-pools describe default-pool --cluster=${CLUSTER} ${where} --format=csv[no-heading](config.machineType,config.diskSizeGb)`,
      `gcloud container node-pools describe ${pool}`,
      poolCreate,
      `gcloud container node-pools describe ${pool}`,
      `gcloud container node-pools list --cluster=${CLUSTER} ${where} --filter=config.resourceLabels.managed_by=ray-llm-gateway AND config.resourceLabels.rlg_release={release} --format=value(name)`,
      `gcloud compute networks subnets list --project=${PROJECT} --network=default --regions=us-central1 --filter=purpose=REGIONAL_MANAGED_PROXY AND role=ACTIVE --format=value(name)`,
      `gcloud compute networks subnets create ray-llm-proxy-only-subnet --project=${PROJECT} --purpose=REGIONAL_MANAGED_PROXY --role=ACTIVE --region=us-central1 --network=default --range=192.168.10.0/24 --description=ray-llm-gateway.{release}`,
      `kubectl ${CTX} get namespaces --selector=app.kubernetes.io/managed-by=ray-llm-gateway,ray-llm-gateway/release={release} --output=name`,
      `kubectl ${CTX} get secret hf-secret --namespace=default`, // absent, or made by cluster.sh (a Secret it found stops up)
      ...secretPipe('default'),
      `helm --kube-context=gke_${PROJECT}_us-central1-b_${CLUSTER} upgrade --install body-based-router ${CHART} --version=v1.4.0 --namespace=default --values=${FIXTURES}/router-values.yaml`,
      applyNs('default'),
    ]);
    expect(result.stdout).toContain('==> node pool test-cluster/gpu-nvidia-l4: creating\n');
    expect(result.stdout).toContain('done: 4 created, 0 converged, 0 replacement command(s) not run');
  });

  test('the secret reaches kubectl apply on stdin, base64-encoded', () => {
    const result = runScript(['up']);
    expect(result.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
    expect(result.applied).toContain('namespace: default\n');
  });

  test('a second run with everything existing and as listed creates, converges and deletes nothing', () => {
    const result = runScript(['up'], { existing: SEED_EXISTING, observed: SEED_OBSERVED });
    expect(result.status).toBe(0);
    expect(changes(result.calls)).toEqual([...secretPipe('default'), expect.stringMatching(/^helm .* upgrade --install /), applyNs('default')]);
    expect(result.stdout).toContain('done: 0 created, 0 converged, 0 replacement');
  });

  test('a failing node pool creation stops the script at that step, naming it', () => {
    const result = runScript(['up'], { fail: 'node-pools create' });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain("error: step 'node pool test-cluster/gpu-nvidia-l4' failed (exit 3)");
    expect(result.calls[result.calls.length - 1]).toBe(poolCreate);
  });

  test('a check failing for another reason than "not found" stops the script', () => {
    const result = runScript(['up'], { fail: 'clusters describe' });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('simulated failure');
    expect(result.calls.some((c) => c.includes('clusters create'))).toBe(false);
  });

  test('a missing token, tool or step file is named before anything runs', () => {
    const noToken = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined } });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain('no Hugging Face token');
    expect(noToken.calls).toEqual([]);
    const noFile = runScript(['up'], { steps: '/nonexistent/cluster-steps.tsv' });
    expect(noFile.stderr).toContain('npx cdk8s synth');
    const bin = tempDir();
    for (const tool of ['gcloud', 'kubectl']) fs.symlinkSync(path.join(STAND_INS, tool), path.join(bin, tool));
    // node: scripts/cluster-check.ts (run by tsx) checks every step file first
    for (const tool of ['dirname', 'id', 'node', 'mktemp', 'rm']) fs.symlinkSync(['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, tool)).find((f) => fs.existsSync(f))!, path.join(bin, tool));
    const noHelm = runScript(['up'], { path: bin });
    expect(noHelm.stderr).toContain('required tool not found in PATH: helm');
    expect(noHelm.calls).toEqual([]);
  });

  test('settings reach the commands; bad settings are refused before any command', () => {
    const result = runScript(['up'], { env: { LOCATION: 'europe-west4', NETWORK: 'vpc-1' } });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(`gcloud container clusters describe ${CLUSTER} --location=europe-west4 --project=${PROJECT}`);
    expect(result.calls.some((c) => c.includes('--network=vpc-1 --regions=europe-west4 '))).toBe(true);
    for (const env of [{ PROJECT_ID: '$(touch x)' }, { CLUSTER: '-x' }, { LOCATION: 'us;central1' }, { NETWORK: '--all' }]) {
      const bad = runScript(['up'], { env });
      expect(bad.status).toBe(1);
      expect(bad.calls).toEqual([]);
    }
  });
});

describe('team namespaces', () => {
  test('up creates each non-default namespace once, the secret in each model namespace, the router in the gateway namespace', () => {
    const result = runScript(['up'], { steps: steps('teams') });
    expect(result.status).toBe(0);
    const made = changes(result.calls).filter((c) => !c.startsWith('gcloud'));
    expect(made).toEqual([
      // Created and marked in one call (a manifest carrying the release's labels); then no member of the ApplySet.
      ...['llm-gateway', 'team-a', 'team-b'].flatMap((ns) => [`kubectl ${CTX} create --filename=${FIXTURES}/namespace-${ns}.json`, `kubectl ${CTX} label namespaces --selector=applyset.kubernetes.io/part-of=${applySetId(STANDIN_TEAMS_RELEASE, ns)} applyset.kubernetes.io/part-of-`]),
      ...['default', 'team-a', 'team-b'].flatMap(secretPipe),
      `helm --kube-context=gke_${PROJECT}_us-central1-b_${CLUSTER} upgrade --install body-based-router ${CHART} --version=v1.4.0 --namespace=llm-gateway --values=${FIXTURES}/router-values.yaml`,
      applyNs('default'),
      applyNs('team-a'),
    ]);
    expect(result.applied.match(/hf_api_token: /g)).toHaveLength(3);
  });

  test('a second run with the namespaces existing creates none', () => {
    const existing = [...SEED_EXISTING, 'namespace:llm-gateway', 'namespace:team-a', 'namespace:team-b'];
    const result = runScript(['up'], { steps: steps('teams'), existing, observed: SEED_OBSERVED });
    expect(changes(result.calls).filter((c) => c.includes('create namespace'))).toEqual([]);
  });

  test('down deletes the secrets, then the non-default namespaces, in reverse order', () => {
    const existing = [...SEED_EXISTING, 'namespace:llm-gateway', 'namespace:team-a', 'namespace:team-b', ...['team-b', 'team-a', 'default'].map((ns) => `secret:${ns}/hf-secret`)];
    const result = runScript(['down', '--yes'], { steps: steps('teams'), existing });
    expect(changes(result.calls).filter((c) => c.includes(' secret hf-secret ') || c.includes('delete namespace'))).toEqual([
      ...['team-b', 'team-a', 'default'].map((ns) => `kubectl ${CTX} delete secret hf-secret --namespace=${ns} --ignore-not-found`),
      ...['team-b', 'team-a', 'llm-gateway'].map((ns) => `kubectl ${CTX} delete namespace ${ns}`),
    ]);
  });
});

describe('converge or say so', () => {
  test('node pool autoscaling bounds that differ are updated', () => {
    const result = runScript(['up'], { existing: SEED_EXISTING, observed: ['gpu-nvidia-l4:size=True,2,4', ...SEED_OBSERVED.slice(1)] });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("differs: is 'True,2,4', the list says 'True,4,8'");
    expect(changes(result.calls)[0]).toBe(`gcloud container node-pools update ${pool} --enable-autoscaling --min-nodes=4 --max-nodes=8`);
    expect(result.stdout).toContain('1 converged');
  });

  test('a different machine type is reported with the exact commands, and not run without --yes', () => {
    const observed = [SEED_OBSERVED[0], 'gpu-nvidia-l4:machine=g2-standard-4,120,nvidia-l4,1', ...SEED_OBSERVED.slice(2)];
    const result = runScript(['up'], { existing: SEED_EXISTING, observed });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`! needs a new pool (re-run with --yes to do it): gcloud container node-pools delete ${pool} --quiet\n`);
    expect(result.stdout).toContain(`! needs a new pool (re-run with --yes to do it): ${poolCreate}\n`);
    expect(result.calls.some((c) => c.includes('node-pools delete') || c.includes('node-pools create'))).toBe(false);
    const yes = runScript(['up', '--yes'], { existing: SEED_EXISTING, observed });
    expect(changes(yes.calls).slice(0, 2)).toEqual([`gcloud container node-pools delete ${pool} --quiet`, poolCreate]);
  });

  test('plan prints what up would change and changes nothing', () => {
    const observed = ['gpu-nvidia-l4:size=True,4,6', 'gpu-nvidia-l4:machine=g2-standard-8,120,nvidia-t4,1', ...SEED_OBSERVED.slice(2)];
    const result = runScript(['plan'], { existing: ['cluster', 'nodepool:default-pool', 'nodepool:gpu-nvidia-l4'], observed, env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).toBe(0);
    expect(changes(result.calls)).toEqual([]);
    expect(result.calls).toContain(`kubectl ${CTX} diff --namespace=default ${manifestArgs('default')}`);
    expect(result.stdout).toContain('==> API networkservices.googleapis.com: + to create\n');
    expect(result.stdout).toContain(`  + gcloud services enable networkservices.googleapis.com --project=${PROJECT}\n`);
    expect(result.stdout).toContain('==> cluster test-cluster (and its kubectl credentials): = exists\n');
    expect(result.stdout).toContain(`  ~ gcloud container node-pools update ${pool} --enable-autoscaling --min-nodes=4 --max-nodes=8\n`);
    expect(result.stdout).toContain(`  ! (needs --yes) gcloud container node-pools delete ${pool} --quiet\n`);
    expect(result.stdout).toContain('plan: 2 to create, 1 to converge, 2 replacement command(s) needing --yes; nothing was changed.');
  });

  test('plan without the cluster says what follows its creation and runs no kubectl', () => {
    const result = runScript(['plan']);
    expect(result.calls.filter((c) => !c.startsWith('gcloud'))).toEqual([]);
    expect(result.stdout).toContain('==> node pool test-cluster/gpu-nvidia-l4: + after its cluster is created\n');
  });
});

describe('NetworkPolicy enforcement and the proxy-only subnet of an existing cluster', () => {
  const applied = (calls: string[]) => calls.filter((c) => / apply /.test(c));
  test('an existing cluster without Dataplane V2 or Calico stops up and plan before anything is applied, naming the fix', () => {
    for (const command of ['up', 'plan']) {
      const result = runScript([command], { existing: SEED_EXISTING, observed: SEED_OBSERVED, env: { STANDIN_DATAPATH: 'LEGACY_DATAPATH,' } });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('enforces no NetworkPolicy');
      expect(result.stderr).toContain(`gcloud container clusters update ${CLUSTER} --location=us-central1-b --project=${PROJECT} --update-addons=NetworkPolicy=ENABLED`);
      expect(result.stderr).toContain('--enable-network-policy');
      expect(result.stderr).toContain('security.networkPolicyEnforcement: unenforced-ok');
      expect(applied(result.calls)).toEqual([]);
      expect(result.calls.filter((c) => c.startsWith('helm') || c.startsWith('kubectl'))).toEqual([]);
    }
  });

  test('Dataplane V2 or Calico enforcement passes', () => {
    for (const datapath of ['ADVANCED_DATAPATH,', 'LEGACY_DATAPATH,True', ',True']) {
      const result = runScript(['up'], { existing: SEED_EXISTING, observed: SEED_OBSERVED, env: { STANDIN_DATAPATH: datapath } });
      expect({ datapath, status: result.status }).toEqual({ datapath, status: 0 });
      expect(applied(result.calls).length).toBeGreaterThan(0);
    }
  });

  test('with unenforced-ok the policies are applied with a warning', () => {
    const result = runScript(['up'], { steps: steps('unenforced-ok'), existing: SEED_EXISTING, observed: SEED_OBSERVED, env: { STANDIN_DATAPATH: 'LEGACY_DATAPATH,' } });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('WARNING: cluster test-cluster (and its kubectl credentials): the cluster enforces no NetworkPolicy');
    expect(applied(result.calls).length).toBeGreaterThan(0);
  });

  test('an existing proxy-only subnet with another range stops up, naming the list field', () => {
    const existing = SEED_EXISTING.map((w) => w.replace('=192.168.10.0/24', '=10.10.0.0/23'));
    const result = runScript(['up'], { existing, observed: SEED_OBSERVED });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("differs: is '10.10.0.0/23', the list says '192.168.10.0/24'");
    expect(result.stderr).toContain('set network.proxySubnetRange to its range');
    expect(applied(result.calls)).toEqual([]);
  });

  test('in a fleet the mismatch names the clusters of that region', () => {
    const existing = ['cluster', 'nodepool:gpu-nvidia-l4', 'membership:us-central', 'membership:europe-west', 'fleet-mcs', 'fleet-ingress', 'namespace:team-a',
      'subnet:ray-llm-proxy-only-subnet-us-central1@us-central1=192.168.10.0/24', 'subnet:ray-llm-proxy-only-subnet-europe-west4@europe-west4=10.20.0.0/24',
      ...['networkservices', 'multiclusterservicediscovery', 'multiclusteringress', 'trafficdirector', 'gkehub'].map((api) => `api:${api}.googleapis.com`)];
    const result = runScript(['up'], { steps: steps('multi-global'), existing, observed: ['us-central/gpu-nvidia-l4:size=True,4,8', 'europe-west/gpu-nvidia-l4:size=True,2,4', 'gpu-nvidia-l4:machine=g2-standard-8,nvidia-l4,1'] });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('europe-west4 already has a GLOBAL_MANAGED_PROXY proxy-only subnet with another range');
    expect(result.stderr).toContain('set clusters[1].proxySubnetRange to its range');
  });
});

describe('read access to gs:// buckets through Workload Identity', () => {
  const principal = (ns: string) => `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog/subject/ns/${ns}/sa/ray-llm`;
  const grant = (verb: string, bucket: string, ns: string) => `gcloud storage buckets ${verb}-iam-policy-binding gs://${bucket} --member=${principal(ns)} --role=roles/storage.objectViewer`;

  test('up grants roles/storage.objectViewer on each bucket a namespace reads (source, loraStoragePath) to its ray-llm principal, no keys', () => {
    const result = runScript(['up'], { steps: steps('gcs') });
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.includes('iam-policy-binding'))).toEqual([
      grant('add', 'acme-weights', 'default'), grant('add', 'acme-adapters', 'default'), grant('add', 'acme-weights', 'team-a'),
    ]);
    expect(result.calls.some((c) => /service-accounts|keys create|iam.gserviceaccount/.test(c))).toBe(false);
  });

  test('down removes the grants that exist, and only those', () => {
    const result = runScript(['down', '--yes'], { steps: steps('gcs'), existing: ['grant:gs://acme-weights/default', 'grant:gs://acme-weights/team-a', 'grant:gs://acme-adapters/team-a'] });
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.includes('remove-iam-policy-binding'))).toEqual([grant('remove', 'acme-weights', 'default'), grant('remove', 'acme-weights', 'team-a')]);
    // get-iam-policy takes no --filter (the real gcloud rejects it): the script finds the grant's line.
    expect(result.calls).toContain('gcloud storage buckets get-iam-policy gs://acme-adapters --flatten=bindings[].members --format=csv[no-heading](bindings.role,bindings.members)');
  });

  test('a list without gs:// sources grants nothing', () => {
    expect(runScript(['up']).calls.filter((c) => c.includes('storage buckets'))).toEqual([]);
  });
});

describe('pruning with an ApplySet', () => {
  test('each namespace folder of dist/ is applied with --prune --applyset, and KUBECTL_APPLYSET=true reaches kubectl', () => {
    // The kubectl stand-in refuses --applyset without KUBECTL_APPLYSET=true, as kubectl does.
    const result = runScript(['up'], { steps: steps('teams') });
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => c.includes(' apply --namespace='))).toEqual([applyNs('default'), applyNs('team-a')]);
    expect(result.stdout).toContain(`no folder ${FIXTURES}/dist/team-b, skipped`);
  });

  test('without KUBECTL_APPLYSET=true the stand-in refuses --applyset', () => {
    const file = path.join(tempDir(), 'no-env.tsv');
    fs.writeFileSync(file, fs.readFileSync(steps('seed'), 'utf8').replace('create\tenv\tKUBECTL_APPLYSET=true\tkubectl', 'create\tkubectl'));
    const result = runScript(['up'], { steps: file });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("step 'manifests");
  });

  test('down removes that set: each folder, then its ApplySet parent Secret', () => {
    const result = runScript(['down', '--yes'], { existing: [...SEED_EXISTING, 'secret:default/hf-secret'] });
    expect(result.status).toBe(0);
    expect(changes(result.calls).slice(0, 2)).toEqual([
      `kubectl ${CTX} delete --namespace=default ${manifestArgs('default')} --ignore-not-found`,
      `kubectl ${CTX} delete secret rlg-{release} --namespace=default --ignore-not-found`,
    ]);
  });
});

describe('the Hugging Face token', () => {
  const leaks = (r: RunResult) => [r.stdout, r.stderr, ...r.calls].some((t) => t.includes(TOKEN) || t.includes(TOKEN_BASE64));
  test('never in arguments or output: up, dry run, failure, token file', () => {
    expect(leaks(runScript(['up']))).toBe(false);
    expect(leaks(runScript(['up', '--dry-run']))).toBe(false);
    expect(leaks(runScript(['up'], { fail: 'apply --filename=-' }))).toBe(false);
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, `${TOKEN}\n`);
    const fromFile = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined, HUGGING_FACE_TOKEN_FILE: file } });
    expect(leaks(fromFile)).toBe(false);
    expect(fromFile.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
  });

  test('HUGGING_FACE_TOKEN_FILE given the token instead of a path: refused without printing it (issue #28)', () => {
    const result = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined, HUGGING_FACE_TOKEN_FILE: TOKEN } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HUGGING_FACE_TOKEN_FILE is not a readable file');
    expect(leaks(result)).toBe(false);
  });

  test('plan shows the token piped only into the commands that read it, never into a `kubectl label secret` (issue #28)', () => {
    const result = runScript(['plan'], { existing: ['cluster'], observed: SEED_OBSERVED });
    expect(result.status).toBe(0);
    const piped = result.stdout.split('\n').filter((line) => line.includes("'***' |"));
    expect(piped.length).toBeGreaterThan(0);
    for (const line of piped) expect(line).toMatch(/\| kubectl \S+ apply --server-side /);
  });

  test('no process the script starts inherits it', () => {
    const bin = tempDir();
    const envs = tempDir();
    const tools: [string, string][] = [
      ...['dirname', 'id'].map((tool): [string, string] => [tool, ['/usr/bin', '/bin'].map((dir) => path.join(dir, tool)).find((f) => fs.existsSync(f))!]),
      ...['gcloud', 'helm', 'kubectl'].map((tool): [string, string] => [tool, path.join(STAND_INS, tool)]),
    ];
    for (const [tool, real] of tools) {
      fs.writeFileSync(path.join(bin, tool), `#!/bin/bash\n/usr/bin/env > "$(/bin/mktemp ${envs}/${tool}.XXXXXX)"\nexec "${real}" "$@"\n`, { mode: 0o755 });
    }
    const result = runScript(['up'], { path: `${bin}:/usr/bin:/bin`, env: { CLUSTER: undefined } });
    expect(result.status).toBe(0);
    const recorded = fs.readdirSync(envs);
    for (const tool of ['dirname', 'id', 'gcloud', 'helm', 'kubectl']) expect(recorded.some((f) => f.startsWith(`${tool}.`))).toBe(true);
    for (const file of recorded) {
      const env = fs.readFileSync(path.join(envs, file), 'utf8');
      expect({ file, leaked: env.includes(TOKEN) || /^HUGGING_FACE_TOKEN=/m.test(env) }).toEqual({ file, leaked: false });
    }
  });
});

describe('the Hugging Face token under tracing and in /proc (issue #21)', () => {
  const leaks = (r: RunResult) => [r.stdout, r.stderr, ...r.calls].some((t) => t.includes(TOKEN) || t.includes(TOKEN_BASE64));
  test('`bash -x scripts/cluster.sh up` traces the run but never the token (from the environment or a file)', () => {
    const traced = runScript(['up'], { bashOptions: ['-x'] });
    expect(traced.status).toBe(0);
    expect(traced.stderr).toContain('+ ');
    expect(traced.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
    expect(leaks(traced)).toBe(false);
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, `${TOKEN}\n`);
    const fromFile = runScript(['up'], { bashOptions: ['-x'], env: { HUGGING_FACE_TOKEN: undefined, HUGGING_FACE_TOKEN_FILE: file } });
    expect(fromFile.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
    expect(leaks(fromFile)).toBe(false);
  });

  test("the script's own environment (/proc/<pid>/environ) does not hold it while its commands run", () => {
    const bin = tempDir();
    const envs = tempDir();
    for (const tool of ['gcloud', 'helm', 'kubectl']) {
      fs.writeFileSync(path.join(bin, tool), `#!/bin/bash\n/bin/cat /proc/$PPID/environ > "$(/bin/mktemp ${envs}/${tool}.XXXXXX)"\nexec "${path.join(STAND_INS, tool)}" "$@"\n`, { mode: 0o755 });
    }
    const result = runScript(['up'], { path: `${bin}:/usr/bin:/bin` });
    expect(result.status).toBe(0);
    const recorded = fs.readdirSync(envs);
    expect(recorded.length).toBeGreaterThan(10);
    for (const file of recorded) {
      const env = fs.readFileSync(path.join(envs, file), 'utf8');
      expect({ file, leaked: env.includes(TOKEN) }).toEqual({ file, leaked: false });
    }
  });
});

describe('--dry-run', () => {
  test('up prints the whole sequence, runs nothing, needs no token', () => {
    const result = runScript(['up', '--dry-run'], { env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toContain(`+ ${poolCreate}\n`);
    expect(result.stdout).toContain(`+ printf '%s' '***' | ${secretPipe('default').join(' | ')}\n`);
    expect(result.stdout).toContain(`+ env KUBECTL_APPLYSET=true ${applyNs('default')}\n`);
    expect(result.stdout).toContain('dry run: nothing was changed.');
  });

  test('works without gcloud, helm, kubectl and PROJECT_ID', () => {
    const bin = tempDir();
    // node: scripts/cluster-check.ts (run by tsx) checks every step file first
    for (const tool of ['dirname', 'id', 'node', 'mktemp', 'rm']) fs.symlinkSync(['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, tool)).find((f) => fs.existsSync(f))!, path.join(bin, tool));
    const result = runScript(['up', '--dry-run'], { path: bin, env: { PROJECT_ID: undefined } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--project=<PROJECT_ID>');
  });
});

describe('scripts/cluster.sh down', () => {
  test('--yes deletes what exists, in reverse order', () => {
    const result = runScript(['down', '--yes'], { existing: [...SEED_EXISTING, 'secret:default/hf-secret'] });
    expect(result.status).toBe(0);
    expect(changes(result.calls)).toEqual([
      `kubectl ${CTX} delete --namespace=default ${manifestArgs('default')} --ignore-not-found`,
      `kubectl ${CTX} delete secret rlg-{release} --namespace=default --ignore-not-found`,
      `helm --kube-context=gke_${PROJECT}_us-central1-b_${CLUSTER} uninstall body-based-router --namespace=default`,
      `kubectl ${CTX} delete secret hf-secret --namespace=default --ignore-not-found`,
      `gcloud container node-pools delete ${pool} --quiet`,
      `gcloud container clusters delete ${CLUSTER} ${where} --quiet`,
      // last: its load balancers are gone with the cluster; a subnet another one uses fails only here
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet --project=${PROJECT} --region=us-central1 --quiet`,
    ]);
  });

  test('nothing existing: only checks, nothing deleted, nothing inside the missing cluster touched', () => {
    const result = runScript(['down', '--yes']);
    expect(result.status).toBe(0);
    expect(changes(result.calls)).toEqual([]);
    expect(result.calls.filter((c) => !c.startsWith('gcloud'))).toEqual([]);
  });

  test('asks for yes: no answer or another answer deletes nothing; yes proceeds', () => {
    for (const input of ['', 'no\n']) {
      const result = runScript(['down'], { existing: SEED_EXISTING, input });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Nothing was deleted');
      expect(result.calls).toEqual([]);
    }
    const yes = runScript(['down'], { existing: SEED_EXISTING, input: 'yes\n' });
    expect(yes.status).toBe(0);
    expect(yes.stderr).toContain('  node pool test-cluster/gpu-nvidia-l4 (if up created it)\n');
  });

  test('--dry-run prints every deletion and runs nothing', () => {
    const result = runScript(['down', '--dry-run']);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toContain(`+ gcloud container clusters delete ${CLUSTER} ${where} --quiet\n`);
  });
});

describe('a fleet (multi-cluster Gateway)', () => {
  const fleetWhere = (location: string) => `--location=${location} --project=${PROJECT}`;
  test('up, nothing existing: APIs, clusters in the fleet, pools, memberships, fleet features, a subnet per region, config cluster last', () => {
    const result = runScript(['up'], { steps: steps('multi-global'), env: { CLUSTER: undefined } });
    expect(result.stderr).toBe('');
    const made = changes(result.calls).map((c) => c.split(' ').slice(0, 6).join(' '));
    expect(made).toEqual([
      ...['networkservices', 'multiclusterservicediscovery', 'multiclusteringress', 'trafficdirector', 'gkehub'].map((api) => `gcloud services enable ${api}.googleapis.com --project=${PROJECT}`),
      `gcloud container clusters create us-central ${fleetWhere('us-central1-b')}`,
      'gcloud container node-pools create gpu-nvidia-l4 --cluster=us-central --location=us-central1-b',
      `gcloud container fleet memberships register us-central`,
      `gcloud container clusters create europe-west ${fleetWhere('europe-west4-a')}`,
      'gcloud container node-pools create gpu-nvidia-l4 --cluster=europe-west --location=europe-west4-a',
      'gcloud container fleet memberships register europe-west',
      `gcloud container fleet multi-cluster-services enable --project=${PROJECT}`,
      `gcloud projects add-iam-policy-binding ${PROJECT} --member=serviceAccount:${PROJECT}.svc.id.goog[gke-mcs/gke-mcs-importer] --role=roles/compute.networkViewer`,
      // The config membership where register made it: the cluster's region (not "global").
      'gcloud container fleet ingress enable --config-membership=us-central --location=us-central1',
      `gcloud projects add-iam-policy-binding ${PROJECT} --member=serviceAccount:service-123456789012@gcp-sa-multiclusteringress.iam.gserviceaccount.com --role=roles/container.admin`,
      `gcloud compute networks subnets create ray-llm-proxy-only-subnet-us-central1 --project=${PROJECT}`,
      `gcloud compute networks subnets create ray-llm-proxy-only-subnet-europe-west4 --project=${PROJECT}`,
      `kubectl --context=gke_${PROJECT}_europe-west4-a_europe-west create secret generic hf-secret`,
      'kubectl label --local --filename=- app.kubernetes.io/managed-by=ray-llm-gateway ray-llm-gateway/release={release}',
      `kubectl --context=gke_${PROJECT}_europe-west4-a_europe-west apply --server-side --field-manager=ray-llm-gateway --filename=-`,
      `kubectl --context=gke_${PROJECT}_europe-west4-a_europe-west apply --namespace=default --prune --applyset=rlg-{release}`,
      `kubectl --context=gke_${PROJECT}_us-central1-b_us-central create --filename=${FIXTURES}/namespace-team-a.json`,
      `kubectl --context=gke_${PROJECT}_us-central1-b_us-central label namespaces --selector=applyset.kubernetes.io/part-of=${applySetId(clusterPlan(planModels(loadModelList(path.join(PLAN_LISTS, 'multi-global.yaml'))), 'x').release, 'team-a')} applyset.kubernetes.io/part-of-`,
      ...['default', 'team-a'].flatMap(() => [`kubectl --context=gke_${PROJECT}_us-central1-b_us-central create secret generic hf-secret`,
        'kubectl label --local --filename=- app.kubernetes.io/managed-by=ray-llm-gateway ray-llm-gateway/release={release}',
        `kubectl --context=gke_${PROJECT}_us-central1-b_us-central apply --server-side --field-manager=ray-llm-gateway --filename=-`]),
      // No router: multi-cluster classes take no routing extension (gateway.bodyBasedRouting: false).
      `kubectl --context=gke_${PROJECT}_us-central1-b_us-central apply --namespace=default --prune --applyset=rlg-{release}`,
      `kubectl --context=gke_${PROJECT}_us-central1-b_us-central apply --namespace=team-a --prune --applyset=rlg-{release}`,
    ].map((c) => c.split(' ').slice(0, 6).join(' ')));
    expect(result.calls).toContain(`gcloud container clusters create us-central ${fleetWhere('us-central1-b')} --release-channel=rapid --cluster-version=1.35 --gateway-api=standard --addons=HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring --workload-pool=${PROJECT}.svc.id.goog --enable-dataplane-v2 --machine-type=e2-standard-4 --disk-size=150 --num-nodes=2 --enable-autoscaling --min-nodes=2 --max-nodes=4 --labels=managed_by=ray-llm-gateway,rlg_release={release} --enable-fleet`);
    // The fleet features were absent: the stand-in answers as gcloud 528 does ("... is not enabled").
    expect(result.stdout).toContain('==> multi-cluster Services: creating');
    expect(result.calls).toContain(`gcloud compute networks subnets create ray-llm-proxy-only-subnet-europe-west4 --project=${PROJECT} --purpose=GLOBAL_MANAGED_PROXY --role=ACTIVE --region=europe-west4 --network=default --range=192.168.11.0/24 --description=ray-llm-gateway.{release}`);
  });

  test('a second run with everything existing and as listed creates, registers and enables nothing', () => {
    const existing = ['cluster', 'nodepool:default-pool', 'nodepool:gpu-nvidia-l4', 'membership:us-central', 'membership:europe-west', 'fleet-mcs', 'fleet-ingress', 'namespace:team-a',
      'subnet:ray-llm-proxy-only-subnet-us-central1@us-central1=192.168.10.0/24', 'subnet:ray-llm-proxy-only-subnet-europe-west4@europe-west4=192.168.11.0/24',
      ...['networkservices', 'multiclusterservicediscovery', 'multiclusteringress', 'trafficdirector', 'gkehub'].map((api) => `api:${api}.googleapis.com`)];
    const result = runScript(['up'], { steps: steps('multi-global'), existing, observed: [
      // us-central: gemma (2 replicas) and mistral (2), room for both to upgrade; europe-west: gemma only
      'us-central/gpu-nvidia-l4:size=True,4,8', 'europe-west/gpu-nvidia-l4:size=True,2,4', 'gpu-nvidia-l4:machine=g2-standard-8,120,nvidia-l4,1',
      'us-central/default-pool:size=True,2,4', 'europe-west/default-pool:size=True,1,2', 'default-pool:machine=e2-standard-4,150',
    ] });
    expect(result.status).toBe(0);
    // Only what runs every time: the IAM grants (no change if granted), secrets, router, manifests.
    expect(changes(result.calls).filter((c) => !/ (add-iam-policy-binding|create secret|apply|label --local|label namespaces --selector=applyset.kubernetes.io\/part-of=\S+ applyset.kubernetes.io\/part-of-|upgrade --install) /.test(`${c} `))).toEqual([]);
    expect(result.stdout).toContain('done: 0 created, 0 converged');
  });

  test('CLUSTER and LOCATION are ignored, with a warning: the list names the clusters', () => {
    const result = runScript(['up', '--dry-run'], { steps: steps('multi-global') });
    expect(result.stderr).toBe('warning: CLUSTER and LOCATION are ignored: the list names its clusters and their locations\n');
    expect(result.stdout).not.toContain(CLUSTER);
  });

  test('down: a proxy-only subnet another load balancer uses is "kept: in use", the rest of down is done, and the exit status says so (3)', () => {
    const existing = ['cluster', 'nodepool:gpu-nvidia-l4', 'membership:us-central', 'membership:europe-west', 'subnet:ray-llm-proxy-only-subnet-us-central1', 'subnet:ray-llm-proxy-only-subnet-europe-west4'];
    const inUse = "ERROR: (gcloud.compute.networks.subnets.delete) Could not fetch resource:\n - The subnetwork resource 'projects/test-project/regions/europe-west4/subnetworks/ray-llm-proxy-only-subnet-europe-west4' is already being used by 'projects/test-project/regions/europe-west4/forwardingRules/theirs'";
    const env = { STANDIN_FAIL: 'subnets delete ray-llm-proxy-only-subnet-europe-west4', STANDIN_FAIL_MESSAGE: inUse, STANDIN_FAIL_CODE: '1' };
    const result = runScript(['down', '--yes'], { steps: steps('multi-global'), existing, env });
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/==> proxy-only subnet ray-llm-proxy-only-subnet-europe-west4 .*: kept: in use by another resource/);
    expect(result.stdout).toContain("is already being used by 'projects/test-project/regions/europe-west4/forwardingRules/theirs'");
    expect(result.stdout).toContain('but 1 kept in use by other resources (exit 3)');
    // the other region's subnet, after the kept one, is still deleted; so were the clusters before it
    expect(changes(result.calls).slice(-2)).toEqual([
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet-europe-west4 --project=${PROJECT} --region=europe-west4 --quiet`,
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet-us-central1 --project=${PROJECT} --region=us-central1 --quiet`,
    ]);
    expect(changes(result.calls)).toContain(`gcloud container clusters delete us-central ${fleetWhere('us-central1-b')} --quiet`);
    // any other failure of that delete still stops down with its own status
    const other = runScript(['down', '--yes'], { steps: steps('multi-global'), existing, env: { ...env, STANDIN_FAIL_MESSAGE: 'ERROR: permission denied' } });
    expect(other.status).toBe(1);
    expect(other.calls.some((c) => c.includes('subnets delete ray-llm-proxy-only-subnet-us-central1'))).toBe(false);
  });

  test('down: the config cluster first, then memberships, pools, clusters, last the subnets', () => {
    const result = runScript(['down', '--yes'], { steps: steps('multi-global'), existing: ['cluster', 'nodepool:gpu-nvidia-l4', 'membership:us-central', 'membership:europe-west', 'subnet:ray-llm-proxy-only-subnet-us-central1'] });
    expect(result.status).toBe(0);
    const made = changes(result.calls).filter((c) => c.startsWith('gcloud'));
    expect(made).toEqual([
      `gcloud container fleet memberships unregister europe-west --location=europe-west4 --gke-cluster=europe-west4-a/europe-west --project=${PROJECT} --quiet`,
      `gcloud container node-pools delete gpu-nvidia-l4 --cluster=europe-west ${fleetWhere('europe-west4-a')} --quiet`,
      `gcloud container clusters delete europe-west ${fleetWhere('europe-west4-a')} --quiet`,
      `gcloud container fleet memberships unregister us-central --location=us-central1 --gke-cluster=us-central1-b/us-central --project=${PROJECT} --quiet`,
      `gcloud container node-pools delete gpu-nvidia-l4 --cluster=us-central ${fleetWhere('us-central1-b')} --quiet`,
      `gcloud container clusters delete us-central ${fleetWhere('us-central1-b')} --quiet`,
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet-us-central1 --project=${PROJECT} --region=us-central1 --quiet`,
    ]);
    expect(changes(result.calls)[0]).toContain(`--context=gke_${PROJECT}_us-central1-b_us-central delete --namespace=team-a`);
  });
});

describe('no value can inject a command', () => {
  const HOSTILE = ['$(touch INJECTED)', '`touch INJECTED`', 'a; touch INJECTED', 'a && touch INJECTED', "a' \"b", '*', '~', '$HOME'];

  test('hostile words in the step file reach the command as one literal argument each, and run nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'hostile.tsv');
    fs.writeFileSync(file, ['step\tup\tx\tdescription $(touch INJECTED)', `create\tgcloud\tservices\tenable\t${HOSTILE.join('\t')}`, ''].join('\n'));
    const result = runScript(['up'], { steps: file });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([`gcloud services enable ${HOSTILE.join(' ')}`]);
    expect(fs.existsSync(path.join(REPO, 'INJECTED'))).toBe(false);
    expect(result.stdout).toContain('==> description $(touch INJECTED): applying');
  });

  test('a program other than gcloud, helm or kubectl, or an unknown line kind, is refused before anything runs', () => {
    for (const text of ['step\tup\tx\td\ncreate\tbash\t-c\ttouch INJECTED\n', 'step\tup\tx\td\ncreate\tenv\tFOO=1\tbash\n', 'step\tup\tx\td\nrun\tgcloud\tx\n', 'touch INJECTED\n']) {
      const file = path.join(tempDir(), 'bad.tsv');
      fs.writeFileSync(file, text);
      const result = runScript(['up'], { steps: file });
      expect(result.status).toBe(1);
      expect(result.calls).toEqual([]);
    }
  });

  test('the renderer refuses line breaks, TABs and control characters in any value, and a positional value starting with "-"', () => {
    const base = clusterPlan(planModels(loadModelList(path.join(PLAN_LISTS, 'seed.yaml'))), 'deploy/router-values.yaml');
    for (const bad of ['a\nstep\tdown\tx\ty', 'a\tb', 'a\rb', 'a\u0000b']) {
      expect(() => renderClusterSteps(clusterSteps({ ...base, huggingFaceSecretKey: bad }))).toThrow(/cannot be written as one field/);
    }
    expect(() => clusterSteps({ ...base, routerRelease: '--kubeconfig=/tmp/x' })).toThrow(/starts with "-"/);
    // As a flag's value a leading "-" is harmless: --namespace=-x is one option with its value.
    const text = renderClusterSteps(clusterSteps({ ...base, huggingFaceSecretKey: '$(touch INJECTED);`x`' }));
    expect(text).toContain('\t--from-file=$(touch INJECTED);`x`=/dev/stdin\t');
  });

  test('every command word the committed deploy/cluster-steps.tsv passes is a flag, a literal or a checked value', () => {
    const text = fs.readFileSync(path.join(REPO, 'deploy', 'cluster-steps.tsv'), 'utf8');
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(['step', 'needs', 'dir', 'check', 'listed', 'prepare', 'token', 'create', 'delete', 'observe', 'expect', 'converge', 'replace', 'diff', 'inventory', 'keep', 'prune', 'accept', 'stop', 'warn', 'inuse']).toContain(line.split('\t')[0]);
    }
  });
});

describe('usage', () => {
  test('--help names the commands and settings; a missing or unknown argument is a usage error', () => {
    const help = runScript(['--help']);
    expect(help.status).toBe(0);
    for (const text of ['up', 'plan', 'down', '--dry-run', '--yes', 'PROJECT_ID', 'CLUSTER', 'LOCATION', 'NETWORK', 'HUGGING_FACE_TOKEN', 'CLUSTER_STEPS', 'KUBECTL_APPLYSET=true']) {
      expect(help.stdout).toContain(text);
    }
    expect(runScript([]).status).toBe(2);
    expect(runScript(['up', '--force']).status).toBe(2);
  });
});

describe('shellcheck', () => {
  const available = spawnSync('shellcheck', ['--version']).status === 0;
  const required = process.env.CI === 'true';
  // Skipped only off CI (.ci/run installs shellcheck), and said so: one line in the run's output.
  const skipped = !available && !required ? 'shellcheck is not installed (apt-get install -y shellcheck)' : undefined;
  if (skipped) process.stdout.write(`\nshellcheck test skipped: ${skipped}\n`);
  (skipped ? test.skip : test)(`scripts/cluster.sh, .ci/run and the stand-ins are clean${skipped ? ` [skipped: ${skipped}]` : ''}`, () => {
    expect(available).toBe(true);
    const files = [SCRIPT, path.join(REPO, '.ci', 'run'), ...['gcloud', 'helm', 'kubectl'].map((tool) => path.join(STAND_INS, tool))];
    const result = spawnSync('shellcheck', files, { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('scripts/cluster.sh up with a model cache', () => {
  const cacheSteps = () => steps('model-cache');
  const bucket = 'gs://test-model-cache';
  const principal = (ns: string, sa: string) =>
    `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/${PROJECT}.svc.id.goog/subject/ns/${ns}/sa/${sa}`;
  const job = (calls: string[]) => calls.find((c) => c.includes(' get job '))!.split(' ')[4];

  test('nothing existing: the add-on, the bucket, read and write grants, the ServiceAccounts, then the fill Job (applied and waited for) before the manifests', () => {
    const result = runScript(['up'], { steps: cacheSteps() });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = result.calls;
    expect(calls.find((c) => c.includes('clusters create'))).toContain('--addons=HttpLoadBalancing,RayOperator,GcsFuseCsiDriver ');
    const name = job(calls);
    expect(name).toMatch(/^weights-gemma-2b-it-[0-9a-f]{6}$/);
    const order = [
      `gcloud storage buckets create ${bucket} --project=${PROJECT} --location=us-central1 --uniform-bucket-level-access`,
      `gcloud storage buckets add-iam-policy-binding ${bucket} --member=${principal('default', 'ray-llm')} --role=roles/storage.objectViewer --project=${PROJECT}`,
      `gcloud storage buckets add-iam-policy-binding ${bucket} --member=${principal('default', 'model-cache-writer')} --role=roles/storage.objectUser --project=${PROJECT}`,
      ...secretPipe('default'),
      `kubectl ${CTX} create serviceaccount model-cache-writer --namespace=default`,
      `kubectl ${CTX} apply --filename=${FIXTURES}/dist/default/model-cache-gemma-2b-it.k8s.yaml`,
      `kubectl ${CTX} wait --for=condition=complete job/${name} --namespace=default --timeout=3600s`,
      applyNs('default'),
    ];
    const changed = changes(calls);
    const at = order.map((c) => changed.indexOf(c));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The token reaches only the Secret, never an argument.
    expect(calls.some((c) => c.includes(TOKEN))).toBe(false);
  });

  test('a second run, the Job complete: nothing is created or copied again (only the always-applied steps and the idempotent grants run)', () => {
    const first = runScript(['up'], { steps: cacheSteps() });
    const name = job(first.calls);
    const existing = [...SEED_EXISTING, 'addon:GcsFuseCsiDriver', 'bucket:test-model-cache', 'serviceaccount:default/ray-llm',
      'serviceaccount:default/model-cache-writer', `job:default/${name}`];
    const result = runScript(['up'], { steps: cacheSteps(), existing, observed: SEED_OBSERVED });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const changed = changes(result.calls);
    const always = [...secretPipe('default'), applyNs('default')];
    expect(changed.filter((c) => !always.includes(c) && (/ (create|wait|update|apply) /.test(c) || c.includes('model-cache-gemma')))).toEqual([]);
    expect(changed.filter((c) => c.includes('add-iam-policy-binding'))).toHaveLength(2);
    expect(result.calls).toContain(`kubectl ${CTX} get job ${name} --namespace=default --output=jsonpath={.status.succeeded}`);
    expect(result.stdout).toContain('done: 0 created, 0 converged');
  });

  test('a Job still running from an earlier run is waited for, not applied again; an existing cluster gets the add-on', () => {
    const name = job(runScript(['up'], { steps: cacheSteps() }).calls);
    const existing = [...SEED_EXISTING, 'bucket:test-model-cache', 'serviceaccount:default/ray-llm', 'serviceaccount:default/model-cache-writer', `job:default/${name}:running`];
    const result = runScript(['up'], { steps: cacheSteps(), existing, observed: SEED_OBSERVED });
    expect(result.status).toBe(0);
    const changed = changes(result.calls);
    expect(changed).toContain(`gcloud container clusters update ${CLUSTER} ${where} --update-addons=GcsFuseCsiDriver=ENABLED`);
    expect(changed).toContain(`kubectl ${CTX} wait --for=condition=complete job/${name} --namespace=default --timeout=3600s`);
    expect(changed.some((c) => c.includes('apply --filename=test/fixtures/cluster/dist/default/model-cache-'))).toBe(false);
  });

  test('a failing fill stops the script before the manifests, naming the step', () => {
    const result = runScript(['up'], { steps: cacheSteps(), fail: 'wait --for=condition=complete' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/error: step 'weights of google\/gemma-2b-it in gs:\/\/test-model-cache\/google\/gemma-2b-it .*' failed \(exit 3\)/);
    expect(result.calls.some((c) => c.includes('--applyset='))).toBe(false);
  });
});

describe('team namespaces are never applied or deleted from dist/ (issue #28)', () => {
  const list = loadModelList(path.join(PLAN_LISTS, 'teams.yaml'));
  const distFiles = ['llm-gateway/0-namespace.k8s.yaml', 'llm-gateway/gateway.k8s.yaml', 'team-a/0-namespace.k8s.yaml', 'team-a/model-a.k8s.yaml', 'team-b/0-namespace.k8s.yaml', 'team-b/model-b.k8s.yaml'];
  const text = deployFiles(planModels(list), 'deploy', 'dist', distFiles)['cluster-steps.tsv'];

  test('up, plan and down name each folder\'s manifests, never its Namespace object, never the folder', () => {
    const manifestLines = text.split('\n').filter((l) => l.includes('--filename=dist/'));
    expect(manifestLines.length).toBe(9); // apply, diff and delete of three folders
    expect(manifestLines.filter((l) => l.includes('0-namespace') || l.includes('--recursive'))).toEqual([]);
    expect(manifestLines.filter((l) => l.includes('--filename=dist/team-a/model-a.k8s.yaml')).length).toBe(3);
  });

  test('a namespace is created from a manifest that already carries the release\'s marks; only a marked one is deleted', () => {
    const files = deployFiles(planModels(list), 'deploy', 'dist', distFiles);
    expect(text).toContain('create\tkubectl\t--context=gke_{project}_{location}_{cluster}\tcreate\t--filename=deploy/namespace-team-a.json\n');
    expect(JSON.parse(files['namespace-team-a.json'])).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'ray-llm-gateway', 'ray-llm-gateway/release': 'llm-gateway-shared-gateway' } } });
    expect(text).not.toMatch(/\tlabel\tnamespace\t/);
    expect(text).toMatch(/step\tdown\tnamespace:\{cluster\}\/team-a\t.*\nneeds\t.*\nlisted\tkubectl\t.*--field-selector=metadata.name=team-a\t--selector=app.kubernetes.io\/managed-by=ray-llm-gateway,ray-llm-gateway\/release=llm-gateway-shared-gateway/);
  });
});

describe('ownership: down deletes only what up created (issue #21)', () => {
  const teams = () => steps('teams');
  const found = ['namespace:llm-gateway', 'namespace:team-a', 'namespace:team-b', ...['team-b', 'team-a', 'default'].map((ns) => `secret:${ns}/hf-secret`)];

  test('up marks what it creates: namespaces and Secrets with app.kubernetes.io/managed-by, the cluster and pools with a resource label', () => {
    const result = runScript(['up'], { steps: teams() });
    expect(result.calls).toContain(`kubectl ${CTX} create --filename=${FIXTURES}/namespace-team-a.json`);
    expect(JSON.parse(deployFiles(planModels(loadModelList(path.join(PLAN_LISTS, 'teams.yaml'))), FIXTURES)['namespace-team-a.json']).metadata.labels)
      .toEqual({ 'app.kubernetes.io/managed-by': 'ray-llm-gateway', 'ray-llm-gateway/release': 'llm-gateway-shared-gateway' });
    // the Secret is created and marked in one call: the applied manifest carries both labels (no separate `label`)
    expect(result.applied).toMatch(/namespace: team-a\n(.*\n)*?  labels:\n    app\.kubernetes\.io\/managed-by: ray-llm-gateway\n    ray-llm-gateway\/release: llm-gateway-shared-gateway\n/);
    expect(result.calls.some((c) => c.includes('label secret'))).toBe(false);
    expect(result.calls.filter((c) => / (clusters|node-pools) create /.test(c)).every((c) => c.includes(' --labels=managed_by=ray-llm-gateway,rlg_release={release}'))).toBe(true);
  });

  test('a namespace, Secret, node pool and cluster it found (no mark) are never deleted', () => {
    const existing = [...SEED_EXISTING, ...found];
    const unmarked = ['cluster', 'nodepool:gpu-nvidia-l4', ...found];
    const result = runScript(['down', '--yes'], { steps: teams(), existing, env: { STANDIN_UNMARKED: unmarked.join(' ') } });
    expect(result.status).toBe(0);
    const deleted = changes(result.calls);
    expect(deleted.filter((c) => / delete (namespace|secret hf-secret)/.test(c) || / (node-pools|clusters) delete /.test(c))).toEqual([]);
    expect(result.stdout).toContain('==> namespace test-cluster/team-a (if up created it): not found, skipped');
  });

  test('the marked ones are deleted; an existing namespace up did not create is reported "exists" by up and left alone by down', () => {
    const existing = [...SEED_EXISTING, ...found];
    const result = runScript(['down', '--yes'], { steps: teams(), existing, env: { STANDIN_UNMARKED: 'namespace:team-a' } });
    const deleted = changes(result.calls);
    expect(deleted.filter((c) => c.includes('delete namespace'))).toEqual([`kubectl ${CTX} delete namespace team-b`, `kubectl ${CTX} delete namespace llm-gateway`]);
    expect(deleted).toContain(`gcloud container clusters delete ${CLUSTER} ${where} --quiet`);
  });

  test('a Secret of that name it did not create stops up before the token is written (down would delete it as ours); its own is updated', () => {
    const existing = [...SEED_EXISTING, 'secret:default/hf-secret'];
    const foreign = runScript(['up'], { existing, observed: SEED_OBSERVED, env: { STANDIN_UNMARKED: 'secret:default/hf-secret' } });
    expect(foreign.status).not.toBe(0);
    expect(foreign.stderr).toContain('Secret default/hf-secret exists and release {release} did not create it');
    expect(foreign.stderr).toContain('Set huggingFaceSecret.name in the list to another name');
    expect(foreign.calls.some((c) => c.includes('create secret generic') || c.includes('label secret'))).toBe(false);
    expect(`${foreign.stdout}${foreign.stderr}`).not.toContain(TOKEN);
    const own = runScript(['up'], { existing, observed: SEED_OBSERVED });
    expect(own.status).toBe(0);
    expect(changes(own.calls)).toEqual(expect.arrayContaining(secretPipe('default')));
  });

  test('another release\'s Secret of that name stops up, naming both releases and the way out (issue #28)', () => {
    const existing = [...SEED_EXISTING, 'secret:default/hf-secret'];
    const other = runScript(['up'], { existing, observed: SEED_OBSERVED, env: { STANDIN_OTHER_RELEASE: 'secret:default/hf-secret' } });
    expect(other.status).toBe(1);
    expect(other.stdout).toContain("differs: is 'ray-llm-gateway/other-list', needs one of: ray-llm-gateway/{release}");
    expect(other.stderr).toContain('release {release} did not create it');
    expect(other.stderr).toContain("or the list's release to the one that made it");
    expect(other.calls.some((c) => c.includes('create secret generic') || c.includes('label secret'))).toBe(false);
  });

  test('the Hugging Face Secret is applied server-side: no last-applied annotation holds the token', () => {
    const result = runScript(['up']);
    const apply = result.calls.find((c) => c.includes(' apply ') && c.endsWith('--filename=-'))!;
    expect(apply).toContain(' apply --server-side ');
    expect(apply).not.toContain('--force-conflicts');
    expect(result.calls.some((c) => c.includes('--save-config'))).toBe(false);
  });
});

describe('only a complete published pair is deployed (issue #21)', () => {
  function pair(): Record<string, string> {
    const root = tempDir();
    for (const dir of ['dist', 'deploy']) fs.mkdirSync(path.join(root, dir, 'default'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'default', 'gateway.k8s.yaml'), 'kind: Gateway\n');
    const id = publishIdOnDisk([path.join(root, 'dist'), path.join(root, 'deploy')], '.ray-llm-gateway');
    for (const dir of ['dist', 'deploy']) fs.writeFileSync(path.join(root, dir, '.ray-llm-gateway'), `marker\npublish ${id}\n`);
    fs.mkdirSync(path.join(root, '.rlg-publish'));
    return { RLG_DIST_DIR: path.join(root, 'dist'), RLG_DEPLOY_DIR: path.join(root, 'deploy'), RLG_STATE_DIR: path.join(root, '.rlg-publish') };
  }
  const refused = (env: Record<string, string>, why: RegExp) => {
    for (const args of [['up'], ['plan'], ['down', '--yes'], ['up', '--dry-run']]) {
      const result = runScript(args, { env });
      expect({ args, status: result.status, calls: result.calls }).toEqual({ args, status: 1, calls: [] });
      expect(result.stderr).toMatch(/^error: dist\/ and deploy\/ are not a complete published pair: /);
      expect(result.stderr).toMatch(why);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  };

  test('a complete pair is used', () => {
    expect(runScript(['up', '--dry-run'], { env: pair() }).status).toBe(0);
  });
  test('the step file is the one of RLG_DEPLOY_DIR, the folder the pair check checked (issue #28)', () => {
    const env = pair();
    fs.writeFileSync(path.join(env.RLG_DEPLOY_DIR, 'cluster-steps.tsv'), fs.readFileSync(steps('seed'), 'utf8').replace('\tcluster {cluster} (and its kubectl credentials)', '\tcluster {cluster} of RLG_DEPLOY_DIR'));
    const id = publishIdOnDisk([env.RLG_DIST_DIR, env.RLG_DEPLOY_DIR], '.ray-llm-gateway'); // published with it
    for (const dir of [env.RLG_DIST_DIR, env.RLG_DEPLOY_DIR]) fs.writeFileSync(path.join(dir, '.ray-llm-gateway'), `marker\npublish ${id}\n`);
    const result = runScript(['up', '--dry-run'], { env: { ...env, CLUSTER_STEPS: undefined } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('==> cluster test-cluster of RLG_DEPLOY_DIR: creating');
  });
  test('every step and manifest runs from a private copy of the checked pair, removed at the end (issue #28)', () => {
    const env = pair();
    fs.rmSync(path.join(env.RLG_DIST_DIR, 'default'), { recursive: true });
    fs.cpSync(path.join(REPO, FIXTURES, 'dist'), env.RLG_DIST_DIR, { recursive: true });
    const distFiles = (fs.readdirSync(env.RLG_DIST_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml'));
    const deploy = deployFiles(planModels(loadModelList(path.join(PLAN_LISTS, 'teams.yaml'))), path.relative(REPO, env.RLG_DEPLOY_DIR), path.relative(REPO, env.RLG_DIST_DIR), distFiles);
    for (const [file, text] of Object.entries(deploy)) fs.writeFileSync(path.join(env.RLG_DEPLOY_DIR, file), text);
    const id = publishIdOnDisk([env.RLG_DIST_DIR, env.RLG_DEPLOY_DIR], '.ray-llm-gateway');
    for (const dir of [env.RLG_DIST_DIR, env.RLG_DEPLOY_DIR]) fs.writeFileSync(path.join(dir, '.ray-llm-gateway'), `marker\npublish ${id}\n`);
    const result = runScript(['up'], { env: { ...env, CLUSTER_STEPS: undefined, STANDIN_RELEASE: 'llm-gateway-shared-gateway' } });
    expect(result.status).toBe(0);
    const paths = result.calls.flatMap((c) => c.split(' ')).filter((w) => /^--(filename|values)=/.test(w) && w !== '--filename=-').map((w) => w.split('=')[1]);
    expect(paths.length).toBeGreaterThan(5);
    const copy = path.dirname(path.dirname(paths[0]));
    expect(copy).not.toBe(path.dirname(env.RLG_DIST_DIR));
    for (const p of paths) expect(p.startsWith(`${copy}/dist/`) || p.startsWith(`${copy}/deploy/`)).toBe(true);
    expect(paths).toContain(`${copy}/deploy/namespace-team-a.json`);
    expect(paths).toContain(`${copy}/dist/team-a/model-mistral.k8s.yaml`);
    expect(fs.existsSync(copy)).toBe(false); // removed at exit; the pair itself is untouched
    expect(fs.existsSync(path.join(env.RLG_DIST_DIR, 'team-a', 'model-mistral.k8s.yaml'))).toBe(true);
  });
  test('no dist/', () => {
    const env = pair();
    fs.rmSync(env.RLG_DIST_DIR, { recursive: true });
    refused(env, /there is no .*dist\//);
  });
  test('a deploy/ synth did not write', () => {
    const env = pair();
    fs.rmSync(path.join(env.RLG_DEPLOY_DIR, '.ray-llm-gateway'));
    refused(env, /deploy\/ was not written by synth/);
  });
  test.each(['dist.rlg-next', 'deploy.rlg-previous'])('a staging folder %s', (leftover) => {
    const env = pair();
    fs.mkdirSync(path.join(path.dirname(env.RLG_DIST_DIR), leftover));
    refused(env, /staging folder .* of an interrupted publish is present/);
  });
  test('a deploy/ of another synth (another publish id), an older synth (none), or a folder changed after publishing (issue #28)', () => {
    const env = pair();
    const marker = path.join(env.RLG_DEPLOY_DIR, '.ray-llm-gateway');
    const text = fs.readFileSync(marker, 'utf8');
    fs.writeFileSync(marker, text.replace(/publish [0-9a-f]+/, `publish ${'0'.repeat(64)}`));
    refused(env, /dist\/ \(publish [0-9a-f]{12}\) and .*deploy\/ \(publish 000000000000\) are from two synths/);
    fs.writeFileSync(marker, 'marker\n');
    refused(env, /deploy\/ names no publish id/);
    fs.writeFileSync(marker, text);
    fs.writeFileSync(path.join(env.RLG_DIST_DIR, 'default', 'gateway.k8s.yaml'), 'kind: Gateway # edited\n');
    refused(env, /changed after synth published them/);
  });
  test('the journal of a half-swapped publish', () => {
    const env = pair();
    fs.writeFileSync(path.join(env.RLG_STATE_DIR, 'journal.json'), '{"targets":[]}');
    refused(env, /journal .* of an interrupted publish is present \(dist\/ and deploy\/ may be from two synths\)/);
  });
});

describe('two lists on one cluster: each a release of its own (issue #28)', () => {
  test('the default release differs between two lists with different Gateways; a list can name its own', () => {
    const release = (file: string) => /--applyset=rlg-([^\t\n]+)/.exec(fs.readFileSync(file, 'utf8'))![1];
    expect(release(steps('seed'))).toBe('default-ray-multi-model-gateway');
    expect(release(steps('team-a'))).toBe('team-a-team-a-gateway');
    expect(release(steps('teams'))).toBe('llm-gateway-shared-gateway');
    const named = planModels({ ...loadModelList(path.join(PLAN_LISTS, 'seed.yaml')), release: 'prod' });
    expect(clusterPlan(named, 'deploy/router-values.yaml').release).toBe('prod');
    expect(() => planModels({ ...loadModelList(path.join(PLAN_LISTS, 'seed.yaml')), release: 'Prod_1' })).toThrow(/release/);
  });

  test('up --yes of one list never prunes the namespaces, pools or Secrets the other list made', () => {
    // teams made llm-gateway, team-a, team-b and its pools; now seed (another release) runs up --yes on the same cluster.
    const theirs = ['namespace:team-a', 'namespace:team-b', 'namespace:llm-gateway', 'nodepool:gpu-nvidia-a100-80gb'];
    const result = runScript(['up', '--yes'], { existing: [...SEED_EXISTING, ...theirs], observed: SEED_OBSERVED, env: { STANDIN_OTHER_RELEASE: theirs.join(' ') } });
    expect(result.status).toBe(0);
    expect(changes(result.calls).filter((c) => / delete /.test(c))).toEqual([]);
    // each list prunes only its own ApplySet
    expect(result.calls).toContain(applyNs('default'));
  });

  test('down of one list deletes nothing the other list made', () => {
    const theirs = ['namespace:team-a', 'secret:default/hf-secret', 'nodepool:gpu-nvidia-l4', 'cluster'];
    const result = runScript(['down', '--yes'], { existing: [...SEED_EXISTING, ...theirs], env: { STANDIN_OTHER_RELEASE: theirs.join(' ') } });
    expect(result.status).toBe(0);
    expect(changes(result.calls).filter((c) => / delete (secret hf-secret|namespace)|node-pools delete|clusters delete/.test(c))).toEqual([]);
  });
});

describe('the step grammar names the options each tool may get (issue #28)', () => {
  const tampered = (from: string, to: string) => {
    const file = path.join(tempDir(), 'steps.tsv');
    const text = fs.readFileSync(steps('seed'), 'utf8');
    expect(text).toContain(from);
    fs.writeFileSync(file, text.replace(from, to));
    return file;
  };
  test.each([
    ['kubectl --kubeconfig (an exec: credential plugin runs a program)', '\tkubectl\t--context=', '\tkubectl\t--kubeconfig=/tmp/evil\t--context=', /option '--kubeconfig'/],
    ['a kubectl plugin', 'kubectl\t--context=gke_{project}_{location}_{cluster}\tget\tsecret', 'kubectl\t--context=gke_{project}_{location}_{cluster}\tevil\tsecret', /command 'evil'/],
    ['helm --post-renderer', '\t--values=', '\t--post-renderer=/tmp/evil\t--values=', /option '--post-renderer'/],
    ['gcloud --flags-file', '\t--cluster-version=1.35', '\t--flags-file=/tmp/evil', /option '--flags-file'/],
    ['another program', 'create\tgcloud\tservices', 'create\tsh\t-c', /commands are gcloud, helm or kubectl/],
  ])('%s is refused before anything runs, plan and --dry-run included', (_what, from, to, why) => {
    const file = tampered(from, to);
    for (const args of [['plan'], ['up', '--dry-run'], ['down', '--yes']]) {
      const result = runScript(args, { steps: file, existing: SEED_EXISTING });
      expect({ args, status: result.status, calls: result.calls }).toEqual({ args, status: 1, calls: [] });
      expect(result.stderr).toMatch(why);
    }
  });
  test('synth writes nothing outside it: every fixture list\'s step file passes the grammar', () => {
    for (const list of fs.readdirSync(PLAN_LISTS).filter((f) => f.endsWith('.yaml'))) {
      const text = fs.readFileSync(steps(list.replace(/\.yaml$/, '')), 'utf8');
      expect({ list, problem: stepFileProblem('x', text) }).toEqual({ list, problem: undefined });
    }
  });
});

describe('found, not made (issue #28)', () => {
  const foundCluster = { existing: ['cluster', 'nodepool:default-pool', 'nodepool:gpu-nvidia-l4', 'networkservices', 'subnet:ray-llm-proxy-only-subnet=192.168.10.0/24', 'release:body-based-router'],
    // another shape and other bounds than the list's: up would replace and converge them on its own cluster
    observed: ['gpu-nvidia-l4:size=True,1,1', 'gpu-nvidia-l4:machine=n1-standard-4,100,nvidia-tesla-t4,1', 'default-pool:size=True,3,3', 'default-pool:machine=e2-medium,100'],
    env: { STANDIN_UNMARKED: 'cluster nodepool:default-pool nodepool:gpu-nvidia-l4 subnet:ray-llm-proxy-only-subnet' } };

  test('plan says "found, not ours" for a cluster this release did not create and plans no change to its pools', () => {
    const result = runScript(['plan'], foundCluster);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('==> cluster test-cluster made by release {release}: found, not ours');
    expect(result.stdout).toMatch(/node pool test-cluster\/gpu-nvidia-l4: size and shape as listed: found, not ours: left as it is/);
    expect(result.stdout).not.toMatch(/~ gcloud container node-pools update|needs --yes/);
  });

  test('up --yes neither converges, replaces nor prunes the pools of a found cluster; --adopt does', () => {
    const found = runScript(['up', '--yes'], foundCluster);
    expect(found.status).toBe(0);
    expect(changes(found.calls).filter((c) => /node-pools (update|delete|create)/.test(c))).toEqual([]);
    const adopted = runScript(['up', '--yes', '--adopt'], foundCluster);
    expect(adopted.status).toBe(0);
    expect(adopted.stdout).toContain('found, not ours: adopted (--adopt)');
    expect(changes(adopted.calls).filter((c) => /node-pools (update|delete)/.test(c)).length).toBeGreaterThan(0);
  });

  test('down deletes no cluster, pool or subnet it did not create (a shared proxy-only subnet stays)', () => {
    const result = runScript(['down', '--yes'], foundCluster);
    expect(result.status).toBe(0);
    expect(changes(result.calls).filter((c) => c.startsWith('gcloud'))).toEqual([]);
  });
});

describe('pools and namespaces that left the list (issue #19 part 2)', () => {
  const left = ['nodepool:gpu-nvidia-a100-80gb', 'namespace:team-old', 'namespace:team-a'];
  // The teams list's proxy-only subnet is 10.129.0.0/23.
  const existing = [...SEED_EXISTING.map((w) => w.replace('=192.168.10.0/24', '=10.129.0.0/23')), 'namespace:llm-gateway', 'namespace:team-b', ...left];
  const deleteCommands = [
    `gcloud container node-pools delete gpu-nvidia-a100-80gb --cluster=${CLUSTER} ${where} --quiet`,
    `kubectl ${CTX} delete namespace team-old`,
  ];

  test('plan lists the marked ones no longer in the list with the exact commands, and changes nothing', () => {
    const result = runScript(['plan'], { steps: steps('teams'), existing, observed: SEED_OBSERVED });
    expect(result.status).toBe(0);
    for (const command of deleteCommands) expect(result.stdout).toContain(`  - no longer in the list (up --yes deletes it): ${command}\n`);
    expect(result.calls.filter((c) => c.includes(' delete '))).toEqual([]);
  });

  test('up without --yes prints the exact commands and runs none; up --yes deletes them', () => {
    const without = runScript(['up'], { steps: steps('teams'), existing, observed: SEED_OBSERVED });
    for (const command of deleteCommands) expect(without.stdout).toContain(`! no longer in the list (up --yes deletes it): ${command}\n`);
    expect(without.calls.filter((c) => / delete /.test(c))).toEqual([]);
    const yes = runScript(['up', '--yes'], { steps: steps('teams'), existing, observed: SEED_OBSERVED });
    expect(yes.status).toBe(0);
    expect(changes(yes.calls).filter((c) => / delete /.test(c))).toEqual(deleteCommands);
  });

  test('never one it did not create: unmarked pools and namespaces are not listed or deleted', () => {
    const yes = runScript(['up', '--yes'], { steps: steps('teams'), existing, observed: SEED_OBSERVED, env: { STANDIN_UNMARKED: left.join(' ') } });
    expect(yes.status).toBe(0);
    expect(changes(yes.calls).filter((c) => / delete /.test(c))).toEqual([]);
    expect(yes.stdout).not.toContain('no longer in the list');
  });
});
