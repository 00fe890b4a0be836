/**
 * Tests of scripts/cluster.sh. The script runs with the recording stand-ins of
 * test/stand-ins/ (gcloud, helm, kubectl) first on PATH: they log every call, answer
 * existence checks from STANDIN_EXISTING and fail on request (STANDIN_FAIL).
 * Nothing talks to Google Cloud or a cluster.
 */
import { loadModelList, planModels } from '../lib';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { deployFiles } from '../lib/plan/deploy-files';

const REPO = path.resolve(__dirname, '..');
const SCRIPT = path.join(REPO, 'scripts', 'cluster.sh');
const STAND_INS = path.join(REPO, 'test', 'stand-ins');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cluster');
/** One folder per namespace, as `npx cdk8s synth` writes it. */
const DIST = path.join(FIXTURES, 'dist');
const ROUTER_VALUES = path.join(FIXTURES, 'router-values.yaml');
const BASH = ['/bin/bash', '/usr/bin/bash'].find((candidate) => fs.existsSync(candidate)) ?? 'bash';

const TOKEN = 'hf_TESTTOKEN_abc123';
const TOKEN_BASE64 = Buffer.from(TOKEN).toString('base64');
const PROJECT = 'test-project';
const CLUSTER = 'test-cluster';
const LOCATION = 'us-central1-b';
const REGION = 'us-central1';
const CHART = 'oci://registry.k8s.io/gateway-api-inference-extension/charts/body-based-routing';

/** Everything up creates for the seed plan, as STANDIN_EXISTING words. */
const SEED_EXISTING = [
  'cluster',
  'nodepool:gpu-nvidia-l4',
  'networkservices',
  'subnet:ray-llm-proxy-only-subnet',
  'release:body-based-router',
];

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-sh-test-'));
  tempDirs.push(dir);
  return dir;
}

/** The fixture lists the plans are generated from (test/fixtures/lists/cluster/<name>.yaml). */
const PLAN_LISTS = path.join(REPO, 'test', 'fixtures', 'lists', 'cluster');
/** Stand-in manifest folders of the fleet plans, relative to the repository root (the script reads them so). */
const FLEET_DIST: Record<string, string> = {
  'multi-global': 'test/fixtures/cluster/multi/dist',
  'multi-regional': 'test/fixtures/cluster/multi-regional/dist',
};
const generatedPlans = new Map<string, string>();

/**
 * The cluster plan of a fixture list, generated as `npx cdk8s synth` writes deploy/cluster-plan.env
 * (so the plans cannot drift from the generator); PLAN_ROUTER_VALUES names the fixture router values.
 */
function plan(name: string): string {
  let file = generatedPlans.get(name);
  if (file === undefined) {
    const list = loadModelList(path.join(PLAN_LISTS, `${name}.yaml`));
    const files = deployFiles(planModels(list), path.relative(REPO, FIXTURES), FLEET_DIST[name]);
    file = path.join(tempDir(), `${name}.plan.env`);
    fs.writeFileSync(file, files['cluster-plan.env']);
    generatedPlans.set(name, file);
  }
  return file;
}

/** Writes a variant of a fixture plan into a temp dir and returns its path. */
function planVariant(name: string, edit: (text: string) => string): string {
  const file = path.join(tempDir(), `${name}-variant.plan.env`);
  fs.writeFileSync(file, edit(fs.readFileSync(plan(name), 'utf8')));
  return file;
}

interface RunOptions {
  /** Fixture plan name or absolute path (default: the seed plan). */
  plan?: string;
  /** STANDIN_EXISTING words: what the stand-ins report as existing. */
  existing?: string[];
  /** STANDIN_FAIL: calls whose "tool args..." contain this fail. */
  fail?: string;
  /** Extra or overriding environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** PATH (default: stand-ins, /usr/bin, /bin). */
  path?: string;
  /** stdin (default: empty). */
  input?: string;
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** One entry per stand-in call: "tool arg1 arg2 ...". */
  calls: string[];
  /** What `kubectl apply -f -` received on stdin. */
  applied: string;
}

function runScript(args: string[], options: RunOptions = {}): RunResult {
  const dir = tempDir();
  const log = path.join(dir, 'calls.log');
  const stdinLog = path.join(dir, 'stdin.log');
  const planPath = options.plan ?? 'seed';
  const env: Record<string, string | undefined> = {
    PATH: options.path ?? `${STAND_INS}:/usr/bin:/bin`,
    HOME: dir,
    LANG: 'C',
    STANDIN_LOG: log,
    STANDIN_STDIN_LOG: stdinLog,
    STANDIN_EXISTING: (options.existing ?? []).join(' '),
    STANDIN_FAIL: options.fail,
    CLUSTER_PLAN: path.isAbsolute(planPath) ? planPath : plan(planPath),
    DIST_DIR: DIST,
    PROJECT_ID: PROJECT,
    CLUSTER,
    HUGGING_FACE_TOKEN: TOKEN,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(BASH, [SCRIPT, ...args], {
    cwd: dir,
    env: env as NodeJS.ProcessEnv,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 15000,
  });
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: read(log)
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t').join(' ')),
    applied: read(stdinLog),
  };
}

const clusterFlags = `--location ${LOCATION} --project ${PROJECT}`;
const poolFlags = `--cluster ${CLUSTER} --location ${LOCATION} --project ${PROJECT}`;
const servicesList =
  `gcloud services list --enabled --project ${PROJECT} ` +
  '--filter=config.name=networkservices.googleapis.com --format=value(config.name)';
const subnetsList =
  `gcloud compute networks subnets list --project ${PROJECT} --network default --regions ${REGION} ` +
  '--filter=purpose=REGIONAL_MANAGED_PROXY AND role=ACTIVE --format=value(name)';
const clusterCreate =
  `gcloud container clusters create ${CLUSTER} --project ${PROJECT} --location ${LOCATION} ` +
  '--release-channel rapid --cluster-version 1.35 --gateway-api standard ' +
  '--addons HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring ' +
  `--workload-pool ${PROJECT}.svc.id.goog`;
const l4PoolCreate =
  `gcloud container node-pools create gpu-nvidia-l4 ${poolFlags} ` +
  '--accelerator type=nvidia-l4,count=1,gpu-driver-version=latest --machine-type g2-standard-8 --num-nodes 4 --workload-metadata=GKE_METADATA';
/** The seed plan's pool: 4 nodes, growing to 8 while KubeRay runs a second copy of both models (upgrade: newCluster). */
const seedL4PoolCreate = l4PoolCreate.replace('--num-nodes 4 ', '--num-nodes 4 --enable-autoscaling --min-nodes 4 --max-nodes 8 ');
const subnetCreate =
  `gcloud compute networks subnets create ray-llm-proxy-only-subnet --project ${PROJECT} ` +
  `--purpose REGIONAL_MANAGED_PROXY --role ACTIVE --region ${REGION} --network default --range 192.168.10.0/24`;
const secretCreate = (name: string, ns: string, key: string) =>
  `kubectl create secret generic ${name} --namespace ${ns} --from-file=${key}=/dev/stdin --dry-run=client -o yaml`;
const helmInstall = (release: string, ns: string) =>
  `helm upgrade --install ${release} ${CHART} --version v1.4.0 --namespace ${ns} --values ${ROUTER_VALUES}`;
const applyDist = `kubectl apply -R -f ${DIST}`;
const deleteDist = `kubectl delete -R -f ${DIST} --ignore-not-found`;
/** The manifests `kubectl apply -f -` received, one per call. */
const appliedManifests = (result: RunResult) => result.applied.split('\n---\n').filter((doc) => doc.trim() !== '');
/** A dir holding the tools the script needs besides gcloud, helm and kubectl. */
function binWithBasics(): string {
  const bin = tempDir();
  for (const tool of ['dirname', 'id', 'find']) {
    const found = ['/usr/bin', '/bin'].map((dir) => path.join(dir, tool)).find((file) => fs.existsSync(file));
    fs.symlinkSync(found!, path.join(bin, tool));
  }
  return bin;
}

describe('scripts/cluster.sh up', () => {
  test('the script and the stand-ins are executable', () => {
    for (const file of [SCRIPT, ...['gcloud', 'helm', 'kubectl'].map((tool) => path.join(STAND_INS, tool))]) {
      expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
    }
  });

  test('seed plan, nothing existing: checks and creates everything in order', () => {
    const result = runScript(['up']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      clusterCreate,
      `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      seedL4PoolCreate,
      servicesList,
      `gcloud services enable networkservices.googleapis.com --project ${PROJECT}`,
      subnetsList,
      subnetCreate,
      secretCreate('hf-secret', 'default', 'hf_api_token'),
      'kubectl apply -f -',
      helmInstall('body-based-router', 'default'),
      applyDist,
    ]);
  });

  test('prints one status line per step', () => {
    const lines = runScript(['up']).stdout.split('\n').filter((line) => line.startsWith('==> '));
    expect(lines).toEqual([
      `==> [1/9] cluster ${CLUSTER}: creating (this takes several minutes)`,
      '==> [2/9] credentials: fetching for kubectl and helm',
      '==> [3/9] node pool gpu-nvidia-l4: creating',
      '==> [4/9] network services API: enabling',
      '==> [5/9] proxy-only subnet: creating ray-llm-proxy-only-subnet',
      '==> [6/9] namespace default: default namespace, skipped',
      '==> [7/9] secret default/hf-secret: creating or updating',
      '==> [8/9] router body-based-router: installing or upgrading',
      `==> [9/9] manifests: applying ${DIST} (recursively)`,
    ]);
  });

  test('the secret manifest reaches kubectl apply on stdin, with the token base64-encoded', () => {
    const result = runScript(['up']);
    expect(result.status).toBe(0);
    expect(result.applied).toContain('kind: Secret');
    expect(result.applied).toContain('name: hf-secret');
    expect(result.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
  });

  test('two accelerators: both node pools, in plan order, with their own flags', () => {
    const result = runScript(['up'], { plan: 'two-pools' });
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith('gcloud container node-pools'))).toEqual([
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      seedL4PoolCreate,
      `gcloud container node-pools describe gpu-nvidia-h100-80gb ${poolFlags}`,
      `gcloud container node-pools create gpu-nvidia-h100-80gb ${poolFlags} ` +
        '--accelerator type=nvidia-h100-80gb,count=2,gpu-driver-version=latest ' +
        '--machine-type a3-highgpu-2g --num-nodes 3 --enable-autoscaling --min-nodes 3 --max-nodes 4 --workload-metadata=GKE_METADATA',
    ]);
  });

  test('only the second of two node pools is missing: only it is created', () => {
    const result = runScript(['up'], { plan: 'two-pools', existing: ['cluster', 'nodepool:gpu-nvidia-l4'] });
    expect(result.status).toBe(0);
    const creates = result.calls.filter((call) => call.startsWith('gcloud container node-pools create'));
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatch(/^gcloud container node-pools create gpu-nvidia-h100-80gb /);
    expect(result.stdout).toContain('==> [3/9] node pool gpu-nvidia-l4: exists, skipped');
  });

  test('PLAN_PROXY_SUBNET_REQUIRED=false: no subnet is looked up or created', () => {
    const result = runScript(['up'], { plan: 'global-external' });
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.includes('subnets'))).toEqual([]);
    expect(result.stdout).toContain('==> [5/9] proxy-only subnet: not needed by this gateway class, skipped');
  });

  test('an active proxy-only subnet of another name counts as existing', () => {
    const result = runScript(['up'], { existing: ['subnet:someone-elses-proxy-subnet'] });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(subnetsList);
    expect(result.calls.filter((call) => call.includes('subnets create'))).toEqual([]);
    expect(result.stdout).toContain('proxy-only subnet: exists (someone-elses-proxy-subnet), skipped');
  });

  test('a non-default namespace is created and used by the secret and the router', () => {
    const result = runScript(['up'], { plan: 'team-a' });
    expect(result.status).toBe(0);
    expect(result.calls.slice(-6)).toEqual([
      'kubectl get namespace team-a',
      'kubectl create namespace team-a',
      secretCreate('team-a-hf', 'team-a', 'token'),
      'kubectl apply -f -',
      helmInstall('body-based-router', 'team-a'),
      applyDist,
    ]);
    expect(result.applied).toContain('namespace: team-a');
  });

  test('second run with everything existing creates nothing again', () => {
    const result = runScript(['up'], {
      plan: 'team-a',
      existing: [...SEED_EXISTING, 'namespace:team-a', 'release:body-based-router'],
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      servicesList,
      subnetsList,
      'kubectl get namespace team-a',
      secretCreate('team-a-hf', 'team-a', 'token'),
      'kubectl apply -f -',
      helmInstall('body-based-router', 'team-a'),
      applyDist,
    ]);
    expect(result.calls.filter((call) => /^gcloud .* (create|enable) /.test(call))).toEqual([]);
    expect(result.calls).not.toContain('kubectl create namespace team-a');
    expect(result.stdout).toContain(`==> [1/9] cluster ${CLUSTER}: exists, skipped`);
    expect(result.stdout).toContain('==> [4/9] network services API: enabled, skipped');
    expect(result.stdout).toContain('==> [6/9] namespace team-a: exists, skipped');
  });

  test('a failing node pool creation stops the script at that step', () => {
    const result = runScript(['up'], { fail: 'gcloud container node-pools create' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("error: step 'node pool gpu-nvidia-l4' failed (exit 3)");
    expect(result.calls[result.calls.length - 1]).toBe(seedL4PoolCreate);
    expect(result.calls.filter((call) => call.startsWith('helm'))).toEqual([]);
    expect(result.calls.filter((call) => call.startsWith('kubectl apply'))).toEqual([]);
    expect(result.stdout).not.toContain('[4/9]');
  });

  test('a failing secret pipeline stops the script before the router', () => {
    const result = runScript(['up'], { fail: 'kubectl apply -f -' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("error: step 'secret default/hf-secret' failed (exit 3)");
    expect(result.calls.filter((call) => call.startsWith('helm'))).toEqual([]);
  });

  test('an existence check failing for another reason than "not found" stops the script', () => {
    const result = runScript(['up'], { fail: 'gcloud container clusters describe' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('simulated failure');
    expect(result.stderr).toContain(`error: step 'cluster ${CLUSTER}' failed (exit 3)`);
    expect(result.calls).toEqual([`gcloud container clusters describe ${CLUSTER} ${clusterFlags}`]);
  });

  test('a missing tool is named before any command runs', () => {
    // A PATH holding only what the script needs besides the tools, and two of the three tools.
    const bin = binWithBasics();
    for (const tool of ['gcloud', 'kubectl']) fs.symlinkSync(path.join(STAND_INS, tool), path.join(bin, tool));
    const result = runScript(['up'], { path: bin });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/not found in PATH: helm\b/);
    expect(result.calls).toEqual([]);
  });

  test('a missing token is named before anything runs', () => {
    const result = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('HUGGING_FACE_TOKEN');
    expect(result.calls).toEqual([]);
  });

  test('an empty token file counts as a missing token', () => {
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, '\n');
    const result = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined, HUGGING_FACE_TOKEN_FILE: file } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('HUGGING_FACE_TOKEN');
    expect(result.calls).toEqual([]);
  });

  test('a missing plan file says to run npx cdk8s synth', () => {
    const result = runScript(['up'], { plan: path.join(tempDir(), 'cluster-plan.env') });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('npx cdk8s synth');
    expect(result.calls).toEqual([]);
  });

  test('a missing manifests folder says to run npx cdk8s synth', () => {
    const empty = tempDir();
    // Namespace folders without a manifest in them do not count either.
    const emptyFolders = tempDir();
    fs.mkdirSync(path.join(emptyFolders, 'default', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(emptyFolders, 'default', 'notes.txt'), 'not a manifest\n');
    for (const dir of [empty, path.join(empty, 'absent'), emptyFolders]) {
      const result = runScript(['up'], { env: { DIST_DIR: dir } });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('npx cdk8s synth');
      expect(result.calls).toEqual([]);
    }
  });

  test('a missing required plan key is named', () => {
    const keys = [
      'PLAN_NAMESPACE',
      'PLAN_MODEL_NAMESPACES',
      'PLAN_PROXY_SUBNET_RANGE',
      'PLAN_ROUTER_VALUES',
      'PLAN_NODE_POOL_1_MACHINE_TYPE',
    ];
    for (const key of keys) {
      const file = planVariant('seed', (text) => text.replace(new RegExp(`^${key}=.*\\n`, 'm'), ''));
      const result = runScript(['up'], { plan: file });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(key);
      expect(result.calls).toEqual([]);
    }
  });

  test('the plan is parsed, not sourced: other keys are ignored, odd values rejected', () => {
    const marker = path.join(tempDir(), 'sourced');
    const file = planVariant(
      'seed',
      (text) => `${text}touch_it=$(touch ${marker})\nPATH=/nowhere\nHUGGING_FACE_TOKEN=leaked\n`,
    );
    const ignored = runScript(['up'], { plan: file });
    expect(ignored.status).toBe(0);
    expect(ignored.stderr.match(/ignored \(only PLAN_\* keys are read\)/g)).toHaveLength(3);
    expect(ignored.applied).toContain(TOKEN_BASE64);
    expect(fs.existsSync(marker)).toBe(false);

    const bad = planVariant('seed', (text) => `${text}PLAN_NAMESPACE=$(touch ${marker})\n`);
    const rejected = runScript(['up'], { plan: bad });
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain('PLAN_NAMESPACE');
    expect(rejected.calls).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test('node pool room for upgrades: MAX_NODES below NODES is refused; without MAX_NODES the pool is fixed-size', () => {
    const below = planVariant('seed', (text) => text.replace(/^PLAN_NODE_POOL_1_MAX_NODES=.*$/m, 'PLAN_NODE_POOL_1_MAX_NODES=3'));
    const rejected = runScript(['up'], { plan: below });
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain('PLAN_NODE_POOL_1_MAX_NODES (3) is less than PLAN_NODE_POOL_1_NODES (4)');
    expect(rejected.calls).toEqual([]);

    const fixed = planVariant('seed', (text) => text.replace(/^PLAN_NODE_POOL_1_(UPGRADE|MAX)_NODES=.*\n/gm, ''));
    const result = runScript(['up'], { plan: fixed });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(l4PoolCreate);
  });

  test('a plan value (or list item) starting with "-" is refused: it would reach a command as an option', () => {
    for (const [key, value] of [['PLAN_NAMESPACE', '--kubeconfig'], ['PLAN_MODEL_NAMESPACES', 'default,-n'], ['PLAN_NODE_POOL_1_NAME', '-x']]) {
      const file = planVariant('seed', (text) => text.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`));
      const result = runScript(['up'], { plan: file });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`the value of ${key} starts with '-'`);
      expect(result.calls).toEqual([]);
    }
  });

  test('PROJECT_ID defaults to the gcloud configuration, and must not end up empty', () => {
    const configured = runScript(['up'], { env: { PROJECT_ID: undefined } });
    expect(configured.status).toBe(0);
    expect(configured.calls[0]).toBe('gcloud config get-value project');
    expect(configured.calls[1]).toBe(
      `gcloud container clusters describe ${CLUSTER} --location ${LOCATION} --project standin-project`,
    );

    const unset = runScript(['up'], { env: { PROJECT_ID: undefined, STANDIN_PROJECT: '' } });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('PROJECT_ID');
    expect(unset.calls).toEqual(['gcloud config get-value project']);
  });

  test('settings from the environment reach the commands', () => {
    const result = runScript(['up'], {
      env: {
        LOCATION: 'europe-west4-a',
        NETWORK: 'llm-vpc',
        PROXY_SUBNET_NAME: 'my-proxy',
        RELEASE_CHANNEL: 'regular',
        CLUSTER_VERSION: '1.34',
        ROUTER_CHART: 'oci://example.com/charts/bbr',
        ROUTER_CHART_VERSION: 'v9.9.9',
      },
    });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(
      `gcloud container clusters create ${CLUSTER} --project ${PROJECT} --location europe-west4-a ` +
        '--release-channel regular --cluster-version 1.34 --gateway-api standard ' +
        '--addons HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring ' +
        `--workload-pool ${PROJECT}.svc.id.goog`,
    );
    expect(result.calls).toContain(
      `gcloud compute networks subnets create my-proxy --project ${PROJECT} --purpose REGIONAL_MANAGED_PROXY ` +
        '--role ACTIVE --region europe-west4 --network llm-vpc --range 192.168.10.0/24',
    );
    expect(result.calls).toContain(
      'helm upgrade --install body-based-router oci://example.com/charts/bbr --version v9.9.9 ' +
        `--namespace default --values ${ROUTER_VALUES}`,
    );
  });

  test('a REGION that does not hold LOCATION is refused', () => {
    const result = runScript(['up'], { env: { REGION: 'us-east1' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('REGION');
    expect(result.calls).toEqual([]);
  });
});

describe('the Hugging Face token', () => {
  function expectNoToken(result: RunResult) {
    expect(result.calls.join('\n')).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.applied).not.toContain(TOKEN);
  }

  test('up: never in arguments or output', () => {
    const result = runScript(['up']);
    expect(result.status).toBe(0);
    expectNoToken(result);
    expect(result.stdout).toContain("+ printf '%s' '***' | kubectl create secret generic hf-secret");
  });

  test('up --dry-run: never in output', () => {
    const result = runScript(['up', '--dry-run']);
    expect(result.status).toBe(0);
    expectNoToken(result);
  });

  test('HUGGING_FACE_TOKEN_FILE: read without its trailing newline, never in arguments or output', () => {
    const file = path.join(tempDir(), 'hf-token');
    fs.writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const result = runScript(['up'], { env: { HUGGING_FACE_TOKEN: undefined, HUGGING_FACE_TOKEN_FILE: file } });
    expect(result.status).toBe(0);
    expectNoToken(result);
    expect(result.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
  });

  test('a failing step does not reveal it either', () => {
    const result = runScript(['up'], { fail: 'kubectl create secret' });
    expect(result.status).not.toBe(0);
    expectNoToken(result);
  });

  test('no process the script starts inherits it, not even the first (dirname)', () => {
    // Wrappers that record their environment, then run the real command (or stand-in).
    const bin = tempDir();
    const envs = tempDir();
    const tools: [string, string][] = [
      ...['dirname', 'find', 'id'].map((tool): [string, string] => [tool, ['/usr/bin', '/bin'].map((dir) => path.join(dir, tool)).find((f) => fs.existsSync(f))!]),
      ...['gcloud', 'helm', 'kubectl'].map((tool): [string, string] => [tool, path.join(STAND_INS, tool)]),
    ];
    for (const [tool, real] of tools) {
      const wrapper = path.join(bin, tool);
      fs.writeFileSync(wrapper, `#!/bin/bash\n/usr/bin/env > "$(/bin/mktemp ${envs}/${tool}.XXXXXX)"\nexec ${real} "$@"\n`, { mode: 0o755 });
    }
    const result = runScript(['up'], { path: `${bin}:/usr/bin:/bin` });
    expect(result.status).toBe(0);
    const recorded = fs.readdirSync(envs);
    for (const tool of ['dirname', 'find', 'gcloud', 'helm', 'kubectl']) expect(recorded.some((f) => f.startsWith(`${tool}.`))).toBe(true);
    for (const file of recorded) {
      const env = fs.readFileSync(path.join(envs, file), 'utf8');
      expect({ file, leaked: env.includes(TOKEN) || /^HUGGING_FACE_TOKEN=/m.test(env) }).toEqual({ file, leaked: false });
    }
    expect(result.applied).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
  });

  test('several model namespaces: each kubectl apply gets it base64-encoded on stdin, never in arguments or output', () => {
    const result = runScript(['up'], { plan: 'teams' });
    expect(result.status).toBe(0);
    expectNoToken(result);
    const manifests = appliedManifests(result);
    expect(manifests).toHaveLength(3);
    expect(result.calls.filter((call) => call === 'kubectl apply -f -')).toHaveLength(3);
    manifests.forEach((manifest, i) => {
      expect(manifest).toContain('kind: Secret');
      expect(manifest).toMatch(new RegExp(`^  namespace: ${['default', 'team-a', 'team-b'][i]}$`, 'm'));
      expect(manifest).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
    });
  });
});

describe('scripts/cluster.sh up --dry-run', () => {
  const expectedCommands = (project: string) => [
    `+ gcloud container clusters create ${CLUSTER} --project ${project} --location ${LOCATION} ` +
      '--release-channel rapid --cluster-version 1.35 --gateway-api standard ' +
      '--addons HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring ' +
      `--workload-pool ${project}.svc.id.goog`,
    `+ gcloud container clusters get-credentials ${CLUSTER} --location ${LOCATION} --project ${project}`,
    `+ gcloud container node-pools create gpu-nvidia-l4 --cluster ${CLUSTER} --location ${LOCATION} ` +
      `--project ${project} --accelerator type=nvidia-l4,count=1,gpu-driver-version=latest ` +
      '--machine-type g2-standard-8 --num-nodes 4 --enable-autoscaling --min-nodes 4 --max-nodes 8 --workload-metadata=GKE_METADATA',
    `+ gcloud services enable networkservices.googleapis.com --project ${project}`,
    `+ gcloud compute networks subnets create ray-llm-proxy-only-subnet --project ${project} ` +
      `--purpose REGIONAL_MANAGED_PROXY --role ACTIVE --region ${REGION} --network default --range 192.168.10.0/24`,
    "+ printf '%s' '***' | kubectl create secret generic hf-secret --namespace default " +
      '--from-file=hf_api_token=/dev/stdin --dry-run=client -o yaml | kubectl apply -f -',
    `+ ${helmInstall('body-based-router', 'default')}`,
    `+ ${applyDist}`,
  ];
  const commandLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('+ '));

  test('prints the whole sequence and runs nothing', () => {
    const result = runScript(['up', '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(commandLines(result.stdout)).toEqual(expectedCommands(PROJECT));
  });

  test('needs no token', () => {
    const result = runScript(['up', '--dry-run'], { env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).toBe(0);
    expect(commandLines(result.stdout)).toEqual(expectedCommands(PROJECT));
  });

  test('without PROJECT_ID only asks gcloud for the configured project', () => {
    const result = runScript(['up', '--dry-run'], { env: { PROJECT_ID: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(['gcloud config get-value project']);
    expect(commandLines(result.stdout)).toEqual(expectedCommands('standin-project'));
  });

  test('works without gcloud, helm and kubectl', () => {
    const result = runScript(['up', '--dry-run'], { path: '/usr/bin:/bin' });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(commandLines(result.stdout)).toEqual(expectedCommands(PROJECT));
  });

  test('without gcloud and PROJECT_ID shows a placeholder project', () => {
    const result = runScript(['up', '--dry-run'], { path: binWithBasics(), env: { PROJECT_ID: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout).toContain("--project '<PROJECT_ID>'");
  });

  test('prints the namespace step for a non-default namespace', () => {
    const result = runScript(['up', '--dry-run'], { plan: 'team-a' });
    expect(result.status).toBe(0);
    expect(commandLines(result.stdout)).toContain('+ kubectl create namespace team-a');
  });
});

describe('scripts/cluster.sh down', () => {
  const everythingExisting = [...SEED_EXISTING, 'nodepool:gpu-nvidia-h100-80gb'];
  const expectedDeletes = [
    `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
    `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
    deleteDist,
    'helm status body-based-router --namespace default',
    'helm uninstall body-based-router --namespace default',
    'kubectl delete secret hf-secret --namespace default --ignore-not-found',
    `gcloud compute networks subnets describe ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION}`,
    `gcloud compute networks subnets delete ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION} --quiet`,
    `gcloud container node-pools describe gpu-nvidia-h100-80gb ${poolFlags}`,
    `gcloud container node-pools delete gpu-nvidia-h100-80gb ${poolFlags} --quiet`,
    `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
    `gcloud container node-pools delete gpu-nvidia-l4 ${poolFlags} --quiet`,
    `gcloud container clusters delete ${CLUSTER} ${clusterFlags} --quiet`,
  ];

  test('--yes deletes what exists, in reverse order', () => {
    const result = runScript(['down', '--yes'], { plan: 'two-pools', existing: everythingExisting });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(expectedDeletes);
    expect(result.stdout).toContain('note: every regional Envoy-based load balancer');
  });

  test('--yes with nothing existing deletes nothing', () => {
    const result = runScript(['down', '--yes']);
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      `gcloud compute networks subnets describe ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION}`,
    ]);
  });

  test('deletes a non-default namespace that exists, and skips absent pieces', () => {
    const result = runScript(['down', '--yes'], { plan: 'team-a', existing: ['cluster', 'namespace:team-a'] });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
      deleteDist,
      'helm status body-based-router --namespace team-a',
      'kubectl delete secret team-a-hf --namespace team-a --ignore-not-found',
      'kubectl get namespace team-a',
      'kubectl delete namespace team-a',
      `gcloud compute networks subnets describe ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION}`,
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      `gcloud container clusters delete ${CLUSTER} ${clusterFlags} --quiet`,
    ]);
  });

  test('without --yes and without an answer on stdin it refuses and deletes nothing', () => {
    const result = runScript(['down'], { existing: everythingExisting });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--yes');
    expect(result.stderr).toContain(CLUSTER);
    expect(result.stderr).toContain(PROJECT);
    expect(result.calls).toEqual([]);
  });

  test('an answer other than yes aborts', () => {
    const result = runScript(['down'], { existing: everythingExisting, input: 'y\n' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('not confirmed');
    expect(result.calls).toEqual([]);
  });

  test('answering yes on stdin proceeds', () => {
    const result = runScript(['down'], { plan: 'two-pools', existing: everythingExisting, input: 'yes\n' });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(expectedDeletes);
  });

  test('a failing deletion stops the script at that step', () => {
    const result = runScript(['down', '--yes'], { existing: SEED_EXISTING, fail: 'helm uninstall' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("error: step 'router body-based-router' failed (exit 3)");
    expect(result.calls[result.calls.length - 1]).toBe('helm uninstall body-based-router --namespace default');
  });

  test('--dry-run prints every deletion, asks nothing and runs nothing', () => {
    const result = runScript(['down', '--dry-run'], { plan: 'two-pools', env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('+ '))).toEqual(
      expectedDeletes.filter((call) => !/ (describe|status) /.test(call)).map((call) => `+ ${call}`),
    );
  });
});

describe('team namespaces (PLAN_MODEL_NAMESPACES)', () => {
  // teams.yaml (a fixture list): the Gateway and the router in llm-gateway, models in default, team-a and team-b.
  const teamsPoolCreate = l4PoolCreate.replace('--num-nodes 4 ', '--num-nodes 3 --enable-autoscaling --min-nodes 3 --max-nodes 6 ');
  const teamsSubnetCreate = subnetCreate.replace('192.168.10.0/24', '10.129.0.0/23');
  const secretCalls = (ns: string) => [secretCreate('hf-secret', ns, 'hf_api_token'), 'kubectl apply -f -'];
  const teamsExisting = [
    'cluster',
    'nodepool:gpu-nvidia-l4',
    'networkservices',
    'subnet:ray-llm-proxy-only-subnet',
    'release:body-based-router',
    'namespace:llm-gateway',
    'namespace:team-a',
    'namespace:team-b',
  ];

  test('up creates each non-default namespace once, gateway namespace first, then the secret in each model namespace', () => {
    const result = runScript(['up'], { plan: 'teams' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      clusterCreate,
      `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      teamsPoolCreate,
      servicesList,
      `gcloud services enable networkservices.googleapis.com --project ${PROJECT}`,
      subnetsList,
      teamsSubnetCreate,
      'kubectl get namespace llm-gateway',
      'kubectl create namespace llm-gateway',
      'kubectl get namespace team-a',
      'kubectl create namespace team-a',
      'kubectl get namespace team-b',
      'kubectl create namespace team-b',
      ...secretCalls('default'),
      ...secretCalls('team-a'),
      ...secretCalls('team-b'),
      helmInstall('body-based-router', 'llm-gateway'),
      applyDist,
    ]);
    // No secret in the gateway namespace: no model runs there.
    expect(result.calls.filter((call) => call.includes('secret') && call.includes('llm-gateway'))).toEqual([]);
    expect(result.stdout).toContain('kubectl get rayservices --all-namespaces');
  });

  test('up prints one line per namespace and per secret', () => {
    const lines = runScript(['up'], { plan: 'teams', existing: ['namespace:team-a'] })
      .stdout.split('\n')
      .filter((line) => /^==> \[[67]\/9\]/.test(line));
    expect(lines).toEqual([
      '==> [6/9] namespace llm-gateway: creating',
      '==> [6/9] namespace default: default namespace, skipped',
      '==> [6/9] namespace team-a: exists, skipped',
      '==> [6/9] namespace team-b: creating',
      '==> [7/9] secret default/hf-secret: creating or updating',
      '==> [7/9] secret team-a/hf-secret: creating or updating',
      '==> [7/9] secret team-b/hf-secret: creating or updating',
    ]);
  });

  test('a gateway namespace that is also a model namespace is created once and gets the secret once', () => {
    const file = planVariant('teams', (text) =>
      text.replace(/^PLAN_MODEL_NAMESPACES=.*$/m, 'PLAN_MODEL_NAMESPACES=team-a,llm-gateway,team-a'),
    );
    const result = runScript(['up'], { plan: file });
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith('kubectl') && !call.startsWith('kubectl apply'))).toEqual([
      'kubectl get namespace llm-gateway',
      'kubectl create namespace llm-gateway',
      'kubectl get namespace team-a',
      'kubectl create namespace team-a',
      secretCreate('hf-secret', 'team-a', 'hf_api_token'),
      secretCreate('hf-secret', 'llm-gateway', 'hf_api_token'),
    ]);
  });

  test('second run with everything existing creates no namespace', () => {
    const result = runScript(['up'], { plan: 'teams', existing: teamsExisting });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.startsWith('kubectl create namespace'))).toEqual([]);
    expect(result.calls.filter((call) => /^(gcloud .* (create|enable)) /.test(call))).toEqual([]);
    expect(result.calls.slice(-11)).toEqual([
      'kubectl get namespace llm-gateway',
      'kubectl get namespace team-a',
      'kubectl get namespace team-b',
      ...secretCalls('default'),
      ...secretCalls('team-a'),
      ...secretCalls('team-b'),
      helmInstall('body-based-router', 'llm-gateway'),
      applyDist,
    ]);
  });

  test('up --dry-run prints every namespace and secret', () => {
    const result = runScript(['up', '--dry-run'], { plan: 'teams', env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    const lines = result.stdout.split('\n').filter((line) => /^\+ (kubectl|printf)/.test(line));
    expect(lines).toEqual([
      '+ kubectl create namespace llm-gateway',
      '+ kubectl create namespace team-a',
      '+ kubectl create namespace team-b',
      ...['default', 'team-a', 'team-b'].map(
        (ns) => `+ printf '%s' '***' | ${secretCreate('hf-secret', ns, 'hf_api_token')} | kubectl apply -f -`,
      ),
      `+ ${applyDist}`,
    ]);
  });

  test('a failing secret in the second model namespace stops there, naming it', () => {
    const result = runScript(['up'], { plan: 'teams', fail: 'create secret generic hf-secret --namespace team-a' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("error: step 'secret team-a/hf-secret' failed (exit 3)");
    expect(result.calls.filter((call) => call.startsWith('kubectl create secret'))).toEqual([
      secretCreate('hf-secret', 'default', 'hf_api_token'),
      secretCreate('hf-secret', 'team-a', 'hf_api_token'),
    ]);
    expect(result.calls.filter((call) => call.startsWith('helm'))).toEqual([]);
  });

  test('down deletes the secret in each model namespace, then the non-default namespaces, in reverse order', () => {
    const result = runScript(['down', '--yes'], { plan: 'teams', existing: teamsExisting });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `gcloud container clusters describe ${CLUSTER} ${clusterFlags}`,
      `gcloud container clusters get-credentials ${CLUSTER} ${clusterFlags}`,
      deleteDist,
      'helm status body-based-router --namespace llm-gateway',
      'helm uninstall body-based-router --namespace llm-gateway',
      'kubectl delete secret hf-secret --namespace team-b --ignore-not-found',
      'kubectl delete secret hf-secret --namespace team-a --ignore-not-found',
      'kubectl delete secret hf-secret --namespace default --ignore-not-found',
      'kubectl get namespace team-b',
      'kubectl delete namespace team-b',
      'kubectl get namespace team-a',
      'kubectl delete namespace team-a',
      'kubectl get namespace llm-gateway',
      'kubectl delete namespace llm-gateway',
      `gcloud compute networks subnets describe ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION}`,
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet --project ${PROJECT} --region ${REGION} --quiet`,
      `gcloud container node-pools describe gpu-nvidia-l4 ${poolFlags}`,
      `gcloud container node-pools delete gpu-nvidia-l4 ${poolFlags} --quiet`,
      `gcloud container clusters delete ${CLUSTER} ${clusterFlags} --quiet`,
    ]);
    expect(result.stdout).toContain('==> [5/8] namespace default: default namespace, skipped');
  });

  test('down skips namespaces that are gone, and everything inside a missing cluster', () => {
    const some = runScript(['down', '--yes'], { plan: 'teams', existing: ['cluster', 'namespace:team-a'] });
    expect(some.status).toBe(0);
    expect(some.calls.filter((call) => /^kubectl (delete secret|get namespace|delete namespace) /.test(call))).toEqual([
      'kubectl delete secret hf-secret --namespace team-b --ignore-not-found',
      'kubectl delete secret hf-secret --namespace team-a --ignore-not-found',
      'kubectl delete secret hf-secret --namespace default --ignore-not-found',
      'kubectl get namespace team-b',
      'kubectl get namespace team-a',
      'kubectl delete namespace team-a',
      'kubectl get namespace llm-gateway',
    ]);
    expect(some.stdout).toContain('==> [5/8] namespace team-b: not found, skipped');

    const none = runScript(['down', '--yes'], { plan: 'teams' });
    expect(none.status).toBe(0);
    expect(none.calls.filter((call) => call.startsWith('kubectl'))).toEqual([]);
    expect(none.stdout).toContain('==> [4/8] secret team-b/hf-secret: no cluster, skipped');
    expect(none.stdout).toContain('==> [5/8] namespace llm-gateway: no cluster, skipped');
  });

  test('down asks about every namespace it deletes', () => {
    const result = runScript(['down'], { plan: 'teams', existing: teamsExisting });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the secret hf-secret in the namespace(s) default, team-a, team-b');
    expect(result.stderr).toContain('the namespace(s) llm-gateway, team-a, team-b with everything in them,\n');
    expect(result.calls).toEqual([]);
  });

  test('namespace names that are not DNS labels are refused before any command', () => {
    for (const value of ['default,,team-a', 'team-a,', ',team-a', 'Team-A', 'team_a', '-team', 'team-a/b']) {
      const file = planVariant('teams', (text) =>
        text.replace(/^PLAN_MODEL_NAMESPACES=.*$/m, `PLAN_MODEL_NAMESPACES=${value}`),
      );
      const result = runScript(['up'], { plan: file });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('PLAN_MODEL_NAMESPACES');
      expect(result.calls).toEqual([]);
    }
    const gateway = planVariant('teams', (text) => text.replace(/^PLAN_NAMESPACE=.*$/m, 'PLAN_NAMESPACE=LLM'));
    const result = runScript(['up'], { plan: gateway });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('PLAN_NAMESPACE');
    expect(result.calls).toEqual([]);
  });
});

describe('the proxy-only subnet range comes from the plan', () => {
  test('the subnet is created with PLAN_PROXY_SUBNET_RANGE', () => {
    const result = runScript(['up'], { plan: 'teams' });
    expect(result.status).toBe(0);
    expect(result.calls).toContain(subnetCreate.replace('192.168.10.0/24', '10.129.0.0/23'));
  });

  test('PROXY_SUBNET_RANGE set to another range is refused before any command, naming models.yaml', () => {
    for (const args of [['up'], ['up', '--dry-run']]) {
      // Without PROJECT_ID, so that even `gcloud config get-value project` would show up.
      const result = runScript(args, { env: { PROXY_SUBNET_RANGE: '10.129.0.0/23', PROJECT_ID: undefined } });
      expect(result.status).not.toBe(0);
      expect(result.calls).toEqual([]);
      expect(result.stdout).not.toContain('==>');
      expect(result.stderr).toContain('PROXY_SUBNET_RANGE is 10.129.0.0/23 but the plan');
      expect(result.stderr).toContain('says 192.168.10.0/24');
      expect(result.stderr).toContain('network.proxySubnetRange in models.yaml');
      expect(result.stderr).toContain('npx cdk8s synth');
    }
  });

  test('PROXY_SUBNET_RANGE equal to the plan, or empty, is fine', () => {
    for (const value of ['192.168.10.0/24', '']) {
      const result = runScript(['up'], { env: { PROXY_SUBNET_RANGE: value } });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.calls).toContain(subnetCreate);
    }
  });

  test('down does not use the range, so it ignores PROXY_SUBNET_RANGE', () => {
    const result = runScript(['down', '--yes'], { env: { PROXY_SUBNET_RANGE: '10.129.0.0/23' } });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  test('a value that is not an IPv4 range is refused', () => {
    for (const value of ['192.168.10.0', '192.168.10.0/33', '300.168.10.0/24', '192.168.10/24', 'fd00::/64']) {
      const file = planVariant('seed', (text) =>
        text.replace(/^PLAN_PROXY_SUBNET_RANGE=.*$/m, `PLAN_PROXY_SUBNET_RANGE=${value}`),
      );
      const result = runScript(['up'], { plan: file });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('PLAN_PROXY_SUBNET_RANGE');
      expect(result.calls).toEqual([]);
    }
  });
});

describe('dist/ with one folder per namespace', () => {
  test('the fixture dist/ is nested, and up and down apply and delete it recursively', () => {
    expect(fs.readdirSync(DIST).sort()).toEqual(['default', 'team-a']);
    const up = runScript(['up']);
    expect(up.status).toBe(0);
    expect(up.calls[up.calls.length - 1]).toBe(`kubectl apply -R -f ${DIST}`);
    const down = runScript(['down', '--yes'], { existing: ['cluster'] });
    expect(down.status).toBe(0);
    expect(down.calls).toContain(`kubectl delete -R -f ${DIST} --ignore-not-found`);
  });

  test('manifests only in subfolders are enough', () => {
    const dist = tempDir();
    fs.mkdirSync(path.join(dist, 'team-a', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'team-a', 'deeper', 'model-x.k8s.yaml'), 'kind: RayService\\n');
    const result = runScript(['up'], { env: { DIST_DIR: dist } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toContain(`kubectl apply -R -f ${dist}`);
  });
});

describe('scripts/cluster.sh usage', () => {
  test('--help explains every setting with its default', () => {
    const result = runScript(['--help'], { path: '/usr/bin:/bin' });
    expect(result.status).toBe(0);
    for (const text of [
      'PROJECT_ID',
      'gcloud config get-value project',
      'CLUSTER ',
      '$(id -un)-ray-bbr',
      'LOCATION',
      'us-central1-b',
      'REGION',
      'NETWORK',
      'PROXY_SUBNET_NAME',
      'ray-llm-proxy-only-subnet',
      'PROXY_SUBNET_RANGE is no longer a setting',
      'PLAN_PROXY_SUBNET_RANGE',
      'network.proxySubnetRange',
      'PLAN_MODEL_NAMESPACES',
      'kubectl apply -R -f DIST_DIR',
      'RELEASE_CHANNEL',
      'rapid',
      'CLUSTER_VERSION',
      '1.35',
      'ROUTER_CHART ',
      CHART,
      'ROUTER_CHART_VERSION',
      'v1.4.0',
      'HUGGING_FACE_TOKEN ',
      'HUGGING_FACE_TOKEN_FILE',
      'CLUSTER_PLAN',
      'deploy/cluster-plan.env',
      'DIST_DIR',
      '--dry-run',
      '--yes',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).not.toMatch(/^ {2}PROXY_SUBNET_RANGE /m); // not listed among the settings
    expect(result.calls).toEqual([]);
  });

  test('a missing command or an unknown option is a usage error', () => {
    for (const args of [[], ['sideways'], ['up', '--force'], ['up', 'down']]) {
      const result = runScript(args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: scripts/cluster.sh up|down');
      expect(result.calls).toEqual([]);
    }
  });

  test('works from any directory', () => {
    // runScript already runs in a fresh temp dir; the relative router values path must
    // still resolve against the repository root.
    const result = runScript(['up', '--dry-run']);
    expect(result.stdout).toContain(`--values ${ROUTER_VALUES}`);
  });
});

describe('multi-cluster mode (the plan has PLAN_CLUSTER_COUNT)', () => {
  // multi-global.yaml (a fixture list): us-central (us-central1-b, the config cluster, models in default and
  // team-a) and europe-west (europe-west4-a, models in default); a GLOBAL_MANAGED_PROXY subnet per region.
  // multi-regional.yaml (a fixture list): central-a (models) and central-c (config cluster, no model), both in us-central1.
  const MULTI_DIST = path.join(FIXTURES, 'multi', 'dist');
  const NUMBER = '123456789012';
  const APIS = [
    'networkservices.googleapis.com',
    'multiclusterservicediscovery.googleapis.com',
    'multiclusteringress.googleapis.com',
    'trafficdirector.googleapis.com',
    'gkehub.googleapis.com',
  ];
  interface FleetCluster {
    name: string;
    location: string;
    dist: string;
    context: string;
  }
  const fleetCluster = (name: string, location: string, distFolder: string): FleetCluster => ({
    name,
    location,
    dist: path.join(MULTI_DIST, distFolder),
    context: `gke_${PROJECT}_${location}_${name}`,
  });
  const US = fleetCluster('us-central', 'us-central1-b', 'us-central');
  const EU = fleetCluster('europe-west', 'europe-west4-a', 'europe-west');
  const CENTRAL_A = { ...fleetCluster('central-a', 'us-central1-a', ''), dist: path.join(REPO, FLEET_DIST['multi-regional'], 'central-a') };
  const CENTRAL_C = { ...fleetCluster('central-c', 'us-central1-c', ''), dist: path.join(REPO, FLEET_DIST['multi-regional'], 'central-c') };

  /** Runs the script on a multi-cluster plan, without the single-cluster settings runScript sets. */
  function runMulti(args: string[], options: RunOptions = {}): RunResult {
    return runScript(args, {
      ...options,
      plan: options.plan ?? 'multi-global',
      env: { CLUSTER: undefined, DIST_DIR: undefined, ...options.env },
    });
  }

  const at = (c: FleetCluster) => `--location ${c.location} --project ${PROJECT}`;
  const describeCluster = (c: FleetCluster) => `gcloud container clusters describe ${c.name} ${at(c)}`;
  const createCluster = (c: FleetCluster) =>
    `gcloud container clusters create ${c.name} --project ${PROJECT} --location ${c.location} ` +
    '--release-channel rapid --cluster-version 1.35 --gateway-api standard ' +
    '--addons HttpLoadBalancing,RayOperator --enable-ray-cluster-logging --enable-ray-cluster-monitoring ' +
    `--workload-pool ${PROJECT}.svc.id.goog --enable-fleet`;
  const credentials = (c: FleetCluster) => `gcloud container clusters get-credentials ${c.name} ${at(c)}`;
  const poolAt = (c: FleetCluster) => `--cluster ${c.name} ${at(c)}`;
  const describePool = (c: FleetCluster) => `gcloud container node-pools describe gpu-nvidia-l4 ${poolAt(c)}`;
  const createPool = (c: FleetCluster, nodes: number) =>
    `gcloud container node-pools create gpu-nvidia-l4 ${poolAt(c)} ` +
    `--accelerator type=nvidia-l4,count=1,gpu-driver-version=latest --machine-type g2-standard-8 --num-nodes ${nodes} --enable-autoscaling --min-nodes ${nodes} --max-nodes ${2 * nodes} --workload-metadata=GKE_METADATA`;
  const describeMembership = (c: FleetCluster) => `gcloud container fleet memberships describe ${c.name} --project ${PROJECT}`;
  const register = (c: FleetCluster) =>
    `gcloud container fleet memberships register ${c.name} --gke-cluster ${c.location}/${c.name} ` +
    `--enable-workload-identity --project ${PROJECT}`;
  const listApi = (api: string) =>
    `gcloud services list --enabled --project ${PROJECT} --filter=config.name=${api} --format=value(config.name)`;
  const mcsIam =
    `gcloud projects add-iam-policy-binding ${PROJECT} ` +
    `--member serviceAccount:${PROJECT}.svc.id.goog[gke-mcs/gke-mcs-importer] ` +
    '--role roles/compute.networkViewer --condition=None --quiet';
  const ingressEnable = (config: FleetCluster) =>
    `gcloud container fleet ingress enable --config-membership=${config.name} --location=global --project ${PROJECT}`;
  const ingressIam = (number: string) =>
    `gcloud projects add-iam-policy-binding ${PROJECT} ` +
    `--member serviceAccount:service-${number}@gcp-sa-multiclusteringress.iam.gserviceaccount.com ` +
    '--role roles/container.admin --condition=None --quiet';
  const listSubnets = (region: string, purpose: string) =>
    `gcloud compute networks subnets list --project ${PROJECT} --network default --regions ${region} ` +
    `--filter=purpose=${purpose} AND role=ACTIVE --format=value(name)`;
  const createSubnet = (region: string, purpose: string, range: string) =>
    `gcloud compute networks subnets create ray-llm-proxy-only-subnet-${region} --project ${PROJECT} ` +
    `--purpose ${purpose} --role ACTIVE --region ${region} --network default --range ${range}`;
  const kubectlIn = (c: FleetCluster, rest: string) => `kubectl --context ${c.context} ${rest}`;
  const secretIn = (c: FleetCluster, ns: string) => kubectlIn(c, secretCreate('hf-secret', ns, 'hf_api_token').replace(/^kubectl /, ''));
  const helmIn = (c: FleetCluster, ns: string) =>
    `helm --kube-context ${c.context} ${helmInstall('body-based-router', ns).replace(/^helm /, '')} --set provider.name=none`;
  const applyIn = (c: FleetCluster) => kubectlIn(c, `apply -R -f ${c.dist}`);

  /** A step of a run: an existence check (not printed by a dry run), a command, or a secret pipeline. */
  type Entry = { check: string } | { run: string } | { secret: [FleetCluster, string] };
  /** The stand-in calls of these entries. */
  const callsOf = (entries: Entry[]) =>
    entries.flatMap((e) =>
      'check' in e ? [e.check] : 'run' in e ? [e.run] : [secretIn(...e.secret), kubectlIn(e.secret[0], 'apply -f -')],
    );
  /** A word as the script prints it (shell-quoted unless plain). */
  const quoteWord = (word: string) => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word}'`);
  /** The lines a dry run prints for these entries. */
  const printedOf = (entries: Entry[]) =>
    entries.flatMap((e) =>
      'check' in e
        ? []
        : 'run' in e
          ? [`+ ${e.run.split(' ').map(quoteWord).join(' ')}`]
          : [`+ printf '%s' '***' | ${secretIn(...e.secret)} | ${kubectlIn(e.secret[0], 'apply -f -')}`],
    );
  const commandLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('+ '));

  /** A first `up` of the multi-global plan, nothing existing. */
  const freshGlobalUp = (number: string): Entry[] => [
    ...APIS.flatMap((api): Entry[] => [{ check: listApi(api) }, { run: `gcloud services enable ${api} --project ${PROJECT}` }]),
    { check: describeCluster(US) },
    { run: createCluster(US) },
    { check: describeCluster(EU) },
    { run: createCluster(EU) },
    { run: credentials(US) },
    { check: describePool(US) },
    { run: createPool(US, 4) },
    { run: credentials(EU) },
    { check: describePool(EU) },
    { run: createPool(EU, 2) },
    { check: describeMembership(US) },
    { run: register(US) },
    { check: describeMembership(EU) },
    { run: register(EU) },
    { check: `gcloud container fleet multi-cluster-services describe --project ${PROJECT}` },
    { run: `gcloud container fleet multi-cluster-services enable --project ${PROJECT}` },
    { run: mcsIam },
    { check: `gcloud container fleet ingress describe --project ${PROJECT}` },
    { run: ingressEnable(US) },
    { check: `gcloud projects describe ${PROJECT} --format=value(projectNumber)` },
    { run: ingressIam(number) },
    { check: listSubnets('us-central1', 'GLOBAL_MANAGED_PROXY') },
    { run: createSubnet('us-central1', 'GLOBAL_MANAGED_PROXY', '192.168.10.0/24') },
    { check: listSubnets('europe-west4', 'GLOBAL_MANAGED_PROXY') },
    { run: createSubnet('europe-west4', 'GLOBAL_MANAGED_PROXY', '192.168.11.0/24') },
    // The cluster that only exports first, the config cluster (Gateway, routes, router) last.
    { secret: [EU, 'default'] },
    { run: applyIn(EU) },
    { check: kubectlIn(US, 'get namespace team-a') },
    { run: kubectlIn(US, 'create namespace team-a') },
    { secret: [US, 'default'] },
    { secret: [US, 'team-a'] },
    { run: helmIn(US, 'default') },
    { run: applyIn(US) },
  ];

  /** Everything up creates for the multi-global plan, as STANDIN_EXISTING words. */
  const GLOBAL_EXISTING = [
    'cluster',
    'nodepool:gpu-nvidia-l4',
    'membership:us-central',
    'membership:europe-west',
    ...APIS.map((api) => `api:${api}`),
    'fleet-mcs',
    'fleet-ingress',
    'subnet:ray-llm-proxy-only-subnet-us-central1@us-central1/GLOBAL_MANAGED_PROXY',
    'subnet:ray-llm-proxy-only-subnet-europe-west4@europe-west4/GLOBAL_MANAGED_PROXY',
    'namespace:team-a',
    'release:body-based-router',
  ];

  function expectNoToken(result: RunResult) {
    expect(result.calls.join('\n')).not.toContain(TOKEN);
    expect(result.stdout).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.applied).not.toContain(TOKEN);
  }

  let freshResult: RunResult | undefined;
  /** One `up` of the multi-global plan with nothing existing, shared by the tests that only read it. */
  const freshUp = () => (freshResult ??= runMulti(['up']));

  test('the fixture dist/ has one folder per cluster, each with one per namespace', () => {
    expect(fs.readdirSync(MULTI_DIST).sort()).toEqual(['europe-west', 'us-central']);
    expect(fs.readdirSync(US.dist).sort()).toEqual(['default', 'team-a']);
    expect(fs.readdirSync(EU.dist)).toEqual(['default']);
  });

  test('up, nothing existing: clusters in the fleet, pools, memberships, APIs, fleet features, a subnet per region, then each cluster, the config cluster last', () => {
    const result = freshUp();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(callsOf(freshGlobalUp(NUMBER)));
    // Each secret reaches its cluster's kubectl apply on stdin.
    const manifests = appliedManifests(result);
    expect(manifests).toHaveLength(3);
    manifests.forEach((manifest, i) => {
      expect(manifest).toMatch(new RegExp(`^  namespace: ${['default', 'default', 'team-a'][i]}$`, 'm'));
      expect(manifest).toContain(`hf_api_token: ${TOKEN_BASE64}\n`);
    });
    expect(result.stdout).toContain(`kubectl --context ${US.context} get rayservices --all-namespaces`);
  });

  test('up prints a numbered line per step, cluster and resource', () => {
    const lines = freshUp().stdout.split('\n').filter((line) => line.startsWith('==> '));
    expect(lines.filter((line) => !line.startsWith('==> [1/8]'))).toEqual([
      '==> [2/8] cluster us-central: creating in us-central1-b (this takes several minutes)',
      '==> [2/8] cluster europe-west: creating in europe-west4-a (this takes several minutes)',
      `==> [3/8] credentials us-central: fetching for kubectl and helm (context ${US.context})`,
      '==> [3/8] node pool us-central/gpu-nvidia-l4: creating',
      `==> [3/8] credentials europe-west: fetching for kubectl and helm (context ${EU.context})`,
      '==> [3/8] node pool europe-west/gpu-nvidia-l4: creating',
      '==> [4/8] fleet membership us-central: registering',
      '==> [4/8] fleet membership europe-west: registering',
      '==> [5/8] multi-cluster Services: enabling',
      '==> [5/8] multi-cluster Services importer role: granting roles/compute.networkViewer (no change if granted)',
      '==> [6/8] multi-cluster Gateway: enabling, config membership us-central',
      '==> [6/8] multi-cluster Gateway service agent role: granting roles/container.admin (no change if granted)',
      '==> [7/8] proxy-only subnet us-central1: creating ray-llm-proxy-only-subnet-us-central1',
      '==> [7/8] proxy-only subnet europe-west4: creating ray-llm-proxy-only-subnet-europe-west4',
      '==> [8/8] namespace europe-west/default: default namespace, skipped',
      '==> [8/8] secret europe-west/default/hf-secret: creating or updating',
      `==> [8/8] manifests europe-west: applying ${EU.dist} (recursively)`,
      '==> [8/8] namespace us-central/default: default namespace, skipped',
      '==> [8/8] namespace us-central/team-a: creating',
      '==> [8/8] secret us-central/default/hf-secret: creating or updating',
      '==> [8/8] secret us-central/team-a/hf-secret: creating or updating',
      '==> [8/8] router us-central/body-based-router: installing or upgrading',
      `==> [8/8] manifests us-central: applying ${US.dist} (recursively)`,
    ]);
    expect(lines.filter((line) => line.startsWith('==> [1/8]'))).toEqual(APIS.map((api) => `==> [1/8] API ${api}: enabling`));
  });

  test('one region (gke-l7-rilb-mc): one REGIONAL_MANAGED_PROXY subnet; a config cluster without models gets no pool and no secret', () => {
    const result = runMulti(['up'], { plan: 'multi-regional' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.includes(' subnets '))).toEqual([
      listSubnets('us-central1', 'REGIONAL_MANAGED_PROXY'),
      createSubnet('us-central1', 'REGIONAL_MANAGED_PROXY', '10.129.0.0/23'),
    ]);
    expect(result.calls.filter((call) => call.startsWith('gcloud container node-pools'))).toEqual([
      describePool(CENTRAL_A),
      createPool(CENTRAL_A, 4),
    ]);
    expect(result.stdout).toContain('==> [3/8] node pools central-c: none in the plan, skipped');
    expect(result.calls).toContain(ingressEnable(CENTRAL_C));
    // The config cluster is the second one of the plan: applied last all the same.
    expect(result.calls.filter((call) => /^(kubectl|helm) /.test(call))).toEqual([
      secretIn(CENTRAL_A, 'default'),
      kubectlIn(CENTRAL_A, 'apply -f -'),
      applyIn(CENTRAL_A),
      kubectlIn(CENTRAL_C, 'get namespace llm-gateway'),
      kubectlIn(CENTRAL_C, 'create namespace llm-gateway'),
      helmIn(CENTRAL_C, 'llm-gateway'),
      applyIn(CENTRAL_C),
    ]);
  });

  test('a second run with everything existing creates, registers and enables nothing', () => {
    const result = runMulti(['up'], { existing: GLOBAL_EXISTING });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const creates = /^gcloud .* (create|register|enable) |^kubectl .* create namespace /;
    expect(result.calls).toEqual(callsOf(freshGlobalUp(NUMBER)).filter((call) => !creates.test(call)));
    expect(result.calls.filter((call) => creates.test(call))).toEqual([]);
    // Granting the roles again is harmless, so it always runs.
    expect(result.calls).toContain(mcsIam);
    expect(result.calls).toContain(ingressIam(NUMBER));
    for (const line of [
      '==> [2/8] cluster europe-west: exists, skipped',
      '==> [3/8] node pool europe-west/gpu-nvidia-l4: exists, skipped',
      '==> [4/8] fleet membership us-central: exists, skipped',
      '==> [1/8] API gkehub.googleapis.com: enabled, skipped',
      '==> [5/8] multi-cluster Services: enabled, skipped',
      '==> [6/8] multi-cluster Gateway: enabled, skipped (its config membership is kept as it is)',
      '==> [7/8] proxy-only subnet europe-west4: exists (ray-llm-proxy-only-subnet-europe-west4), skipped',
      '==> [8/8] namespace us-central/team-a: exists, skipped',
    ]) {
      expect(result.stdout).toContain(line);
    }
  });

  test('existence is checked per cluster, per region and per subnet purpose', () => {
    const result = runMulti(['up'], {
      existing: [
        'cluster:us-central',
        'nodepool:europe-west/gpu-nvidia-l4',
        'membership:europe-west',
        'subnet:old-regional-proxy@us-central1/REGIONAL_MANAGED_PROXY',
        'subnet:shared-global-proxy@europe-west4/GLOBAL_MANAGED_PROXY',
      ],
    });
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => /^gcloud .* (create|register) /.test(call))).toEqual([
      createCluster(EU),
      createPool(US, 4),
      register(US),
      createSubnet('us-central1', 'GLOBAL_MANAGED_PROXY', '192.168.10.0/24'),
    ]);
    expect(result.stdout).toContain('==> [7/8] proxy-only subnet europe-west4: exists (shared-global-proxy), skipped');
  });

  test('the token goes only through stdin, never into arguments or output, also when a step fails', () => {
    const ok = freshUp();
    expect(ok.status).toBe(0);
    expectNoToken(ok);
    const failed = runMulti(['up'], { fail: `--context ${US.context} create secret` });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain("error: step 'secret us-central/default/hf-secret' failed (exit 3)");
    expectNoToken(failed);
  });

  test('up --dry-run prints the whole sequence and runs nothing, without tools or token', () => {
    const result = runMulti(['up', '--dry-run'], { path: '/usr/bin:/bin', env: { HUGGING_FACE_TOKEN: undefined } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([]);
    expect(commandLines(result.stdout)).toEqual(printedOf(freshGlobalUp('<PROJECT_NUMBER>')));
    expect(result.stdout).toContain(
      "+ gcloud projects add-iam-policy-binding test-project --member 'serviceAccount:service-<PROJECT_NUMBER>@gcp-sa-multiclusteringress.iam.gserviceaccount.com'",
    );
    expect(result.stdout).toContain('dry run: nothing was changed.');
  });

  test('up --dry-run without PROJECT_ID only asks gcloud for the project, and names contexts after it', () => {
    const result = runMulti(['up', '--dry-run'], { env: { PROJECT_ID: undefined } });
    expect(result.status).toBe(0);
    expect(result.calls).toEqual(['gcloud config get-value project']);
    expect(result.stdout).toContain(`kubectl --context gke_standin-project_${US.location}_${US.name} apply -R -f ${US.dist}`);
  });

  test('a failing membership registration stops the script at that step', () => {
    const result = runMulti(['up'], { fail: 'memberships register' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("error: step 'fleet membership us-central' failed (exit 3)");
    expect(result.calls[result.calls.length - 1]).toBe(register(US));
    expect(result.calls.filter((call) => /^(kubectl|helm) /.test(call))).toEqual([]);
    expect(result.stdout).not.toContain('[5/8]');
  });

  test('a missing key of the multi-cluster plan is named before any command', () => {
    for (const key of [
      'PLAN_CLUSTER_2_REGION',
      'PLAN_CLUSTER_1_CONFIG',
      'PLAN_CLUSTER_1_DIST',
      'PLAN_CLUSTER_2_PROXY_SUBNET_RANGE',
      'PLAN_CLUSTER_2_MODEL_NAMESPACES',
      'PLAN_CLUSTER_2_NODE_POOL_1_MACHINE_TYPE',
      'PLAN_PROXY_SUBNET_PURPOSE',
      'PLAN_NAMESPACE',
    ]) {
      const file = planVariant('multi-global', (text) => text.replace(new RegExp(`^${key}=.*\\n`, 'm'), ''));
      const result = runMulti(['up'], { plan: file });
      expect(result.status).not.toBe(0);
      // A list key may be empty but must be there ("has no KEY"); the others need a value.
      expect(result.stderr).toMatch(new RegExp(`has no (value for )?${key}\\b`));
      expect(result.calls).toEqual([]);
      expect(result.stdout).not.toContain('==>');
    }
  });

  test('an inconsistent multi-cluster plan is refused before any command, naming the key', () => {
    const cases: Array<[string, (text: string) => string, string]> = [
      ['two config clusters', (t) => t.replace('PLAN_CLUSTER_2_CONFIG=false', 'PLAN_CLUSTER_2_CONFIG=true'), 'found: us-central, europe-west'],
      ['no config cluster', (t) => t.replace('PLAN_CLUSTER_1_CONFIG=true', 'PLAN_CLUSTER_1_CONFIG=false'), 'found: none'],
      ['a zone of another region', (t) => t.replace('PLAN_CLUSTER_2_LOCATION=europe-west4-a', 'PLAN_CLUSTER_2_LOCATION=us-east1-b'), 'PLAN_CLUSTER_2_LOCATION'],
      ['a cluster name twice', (t) => t.replace('PLAN_CLUSTER_2_NAME=europe-west', 'PLAN_CLUSTER_2_NAME=us-central'), 'PLAN_CLUSTER_2_NAME'],
      ['a bad namespace', (t) => t.replace('PLAN_CLUSTER_2_NAMESPACES=default', 'PLAN_CLUSTER_2_NAMESPACES=Team_A'), 'PLAN_CLUSTER_2_NAMESPACES'],
      ['no manifests', (t) => t.replace('multi/dist/europe-west', 'multi/dist/nowhere'), 'PLAN_CLUSTER_2_DIST'],
      ['a bad subnet purpose', (t) => t.replace('=GLOBAL_MANAGED_PROXY', '=INTERNAL_HTTPS_LOAD_BALANCER'), 'PLAN_PROXY_SUBNET_PURPOSE'],
      ['no cluster', (t) => t.replace('PLAN_CLUSTER_COUNT=2', 'PLAN_CLUSTER_COUNT=0'), 'PLAN_CLUSTER_COUNT'],
    ];
    for (const [, edit, message] of cases) {
      const result = runMulti(['up'], { plan: planVariant('multi-global', edit) });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(message);
      expect(result.calls).toEqual([]);
    }
    // Two clusters of one region with different ranges: a region has one proxy-only subnet.
    const ranges = planVariant('multi-regional', (t) =>
      t.replace('PLAN_CLUSTER_2_PROXY_SUBNET_RANGE=10.129.0.0/23', 'PLAN_CLUSTER_2_PROXY_SUBNET_RANGE=10.130.0.0/23'),
    );
    const result = runMulti(['up'], { plan: ranges });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('PLAN_CLUSTER_2_PROXY_SUBNET_RANGE is 10.130.0.0/23 but PLAN_CLUSTER_1_PROXY_SUBNET_RANGE');
    expect(result.calls).toEqual([]);
  });

  test('PROXY_SUBNET_RANGE set to another range than a region of the plan is refused', () => {
    const result = runMulti(['up'], { env: { PROXY_SUBNET_RANGE: '192.168.10.0/24' } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('says 192.168.11.0/24 for europe-west4 (PLAN_CLUSTER_2_PROXY_SUBNET_RANGE)');
    expect(result.calls).toEqual([]);
  });

  test('CLUSTER, LOCATION, REGION and DIST_DIR are ignored, with a warning', () => {
    const result = runMulti(['up'], {
      env: { CLUSTER: 'test-cluster', LOCATION: 'asia-east1-a', REGION: 'asia-east1', DIST_DIR: DIST },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'warning: CLUSTER, LOCATION, REGION, DIST_DIR ignored: the plan has several clusters, each with its name, ' +
        'location, region and manifests folder (PLAN_CLUSTER_<n>_*).\n',
    );
    expect(result.calls).toEqual(callsOf(freshGlobalUp(NUMBER)));
  });

  describe('down', () => {
    const everythingExisting = [
      'cluster',
      'nodepool:gpu-nvidia-l4',
      'membership:us-central',
      'membership:europe-west',
      'namespace:team-a',
      'release:body-based-router',
      'subnet:ray-llm-proxy-only-subnet-us-central1',
      'subnet:ray-llm-proxy-only-subnet-europe-west4',
    ];
    const describeSubnet = (region: string) =>
      `gcloud compute networks subnets describe ray-llm-proxy-only-subnet-${region} --project ${PROJECT} --region ${region}`;
    const deleteSubnet = (region: string) =>
      `gcloud compute networks subnets delete ray-llm-proxy-only-subnet-${region} --project ${PROJECT} --region ${region} --quiet`;
    const expectedDown = [
      describeCluster(US),
      credentials(US),
      describeCluster(EU),
      credentials(EU),
      // The config cluster first: its Gateway and load balancer go while the backends exist.
      kubectlIn(US, `delete -R -f ${US.dist} --ignore-not-found`),
      `helm --kube-context ${US.context} status body-based-router --namespace default`,
      `helm --kube-context ${US.context} uninstall body-based-router --namespace default`,
      kubectlIn(US, 'delete secret hf-secret --namespace team-a --ignore-not-found'),
      kubectlIn(US, 'delete secret hf-secret --namespace default --ignore-not-found'),
      kubectlIn(US, 'get namespace team-a'),
      kubectlIn(US, 'delete namespace team-a'),
      kubectlIn(EU, `delete -R -f ${EU.dist} --ignore-not-found`),
      kubectlIn(EU, 'delete secret hf-secret --namespace default --ignore-not-found'),
      describeSubnet('europe-west4'),
      deleteSubnet('europe-west4'),
      describeSubnet('us-central1'),
      deleteSubnet('us-central1'),
      describeMembership(EU),
      `gcloud container fleet memberships unregister europe-west --gke-cluster europe-west4-a/europe-west --project ${PROJECT} --quiet`,
      describeMembership(US),
      `gcloud container fleet memberships unregister us-central --gke-cluster us-central1-b/us-central --project ${PROJECT} --quiet`,
      describePool(EU),
      `gcloud container node-pools delete gpu-nvidia-l4 ${poolAt(EU)} --quiet`,
      describePool(US),
      `gcloud container node-pools delete gpu-nvidia-l4 ${poolAt(US)} --quiet`,
      `gcloud container clusters delete europe-west ${at(EU)} --quiet`,
      `gcloud container clusters delete us-central ${at(US)} --quiet`,
    ];

    test('--yes removes everything in reverse order and leaves the fleet features on', () => {
      const result = runMulti(['down', '--yes'], { existing: everythingExisting });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.calls).toEqual(expectedDown);
      expect(result.calls.filter((call) => / (disable|remove-iam-policy-binding) /.test(call))).toEqual([]);
      expect(result.stdout).toContain('note: every cross-region Envoy-based load balancer of network default in us-central1');
      expect(result.stdout).toContain('The fleet features (multi-cluster Services and Gateway), their IAM grants and the APIs stay enabled.');
    });

    test('skips what is gone; a membership whose cluster is gone is kept', () => {
      const result = runMulti(['down', '--yes'], { existing: ['cluster:us-central', 'membership:europe-west'] });
      expect(result.status).toBe(0);
      expect(result.calls.filter((call) => call.includes(EU.context) || call.includes('europe-west '))).toEqual([
        describeCluster(EU),
        describeMembership(EU),
      ]);
      expect(result.stdout).toContain('==> [2/6] manifests europe-west: no cluster, skipped');
      expect(result.stdout).toContain(
        `==> [4/6] fleet membership europe-west: cluster europe-west not found, so the membership is kept; delete it with: gcloud container fleet memberships delete europe-west --project ${PROJECT}`,
      );
      expect(result.calls).toContain(`gcloud container clusters delete us-central ${at(US)} --quiet`);
    });

    test('asks first, listing every cluster, and deletes nothing without an answer', () => {
      const refused = runMulti(['down'], { existing: everythingExisting });
      expect(refused.status).not.toBe(0);
      for (const text of [
        `the clusters us-central (location us-central1-b), europe-west (location europe-west4-a) of project ${PROJECT}`,
        'in us-central: the secret hf-secret in the namespace(s) default, team-a,',
        'in us-central: the namespace(s) team-a with everything in them,',
        'in europe-west: the secret hf-secret in the namespace(s) default,',
        'the proxy-only subnet(s) ray-llm-proxy-only-subnet-us-central1, ray-llm-proxy-only-subnet-europe-west4',
        '--yes',
      ]) {
        expect(refused.stderr).toContain(text);
      }
      expect(refused.calls).toEqual([]);

      const confirmed = runMulti(['down'], { existing: everythingExisting, input: 'yes\n' });
      expect(confirmed.status).toBe(0);
      expect(confirmed.calls).toEqual(expectedDown);
    });

    test('--dry-run prints every deletion and runs nothing', () => {
      const result = runMulti(['down', '--dry-run'], { env: { HUGGING_FACE_TOKEN: undefined } });
      expect(result.status).toBe(0);
      expect(result.calls).toEqual([]);
      expect(commandLines(result.stdout)).toEqual(
        expectedDown.filter((call) => !/ (describe|status) | get namespace /.test(call)).map((call) => `+ ${call}`),
      );
    });
  });

  test('--help documents both modes', () => {
    const result = runScript(['--help'], { path: '/usr/bin:/bin' });
    expect(result.status).toBe(0);
    for (const text of [
      'PLAN_CLUSTER_COUNT',
      'Multi-cluster mode',
      '--enable-fleet',
      'fleet membership',
      'multiclusterservicediscovery, multiclusteringress',
      'roles/compute.networkViewer',
      'roles/container.admin',
      'PLAN_PROXY_SUBNET_PURPOSE',
      'PROXY_SUBNET_NAME-REGION',
      'the config cluster last',
      'PLAN_CLUSTER_<n>_DIST',
      'CLUSTER, LOCATION, REGION and DIST_DIR are ignored',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe('shellcheck', () => {
  const available = spawnSync('shellcheck', ['--version']).status === 0;
  const required = process.env.CI === 'true';
  if (!available && !required) {
    console.warn('shellcheck is not installed: skipping the lint of scripts/cluster.sh (CI installs it).');
  }
  (available || required ? test : test.skip)('scripts/cluster.sh, .ci/run and the stand-ins are clean', () => {
    expect(available).toBe(true); // in CI (CI=true) a missing shellcheck is a failure, not a skip
    const files = [SCRIPT, path.join(REPO, '.ci', 'run'), ...['gcloud', 'helm', 'kubectl'].map((tool) => path.join(STAND_INS, tool))];
    const result = spawnSync('shellcheck', files, { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the model list drives the script', () => {
  /** Synthesizes the deploy files of a list into a temp folder and runs `up` against them. */
  function upFor(list: unknown): RunResult {
    const deployDir = tempDir();
    for (const [name, content] of Object.entries(deployFiles(planModels(list), path.relative(REPO, deployDir)))) {
      fs.writeFileSync(path.join(deployDir, name), content);
    }
    return runScript(['up'], { plan: path.join(deployDir, 'cluster-plan.env') });
  }
  const poolCreates = (calls: string[]) => calls.filter((c) => c.startsWith('gcloud container node-pools create'));

  test('the seed list creates one nvidia-l4 pool of 4 g2-standard-8 nodes', () => {
    const result = upFor(loadModelList(path.join(PLAN_LISTS, 'seed.yaml')));
    expect(result.status).toBe(0);
    expect(poolCreates(result.calls)).toEqual([seedL4PoolCreate]);
  });

  test('adding an H100 model with 2 GPUs per replica adds its pool, and the router follows a renamed Gateway', () => {
    const list = {
      gateway: { name: 'fleet-gateway' },
      models: [
        { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
        { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B' },
        { id: 'llama-3.1-70b', source: 'meta-llama/Llama-3.1-70B-Instruct', accelerator: 'nvidia-h100-80gb', gpusPerReplica: 2, minReplicas: 1, maxReplicas: 3 },
      ],
    };
    const result = upFor(list);
    expect(result.status).toBe(0);
    expect(poolCreates(result.calls)).toEqual([
      seedL4PoolCreate,
      `gcloud container node-pools create gpu-nvidia-h100-80gb ${poolFlags} --accelerator type=nvidia-h100-80gb,count=2,gpu-driver-version=latest --machine-type a3-highgpu-2g --num-nodes 3 --enable-autoscaling --min-nodes 3 --max-nodes 4 --workload-metadata=GKE_METADATA`,
    ]);
    const helm = result.calls.find((c) => c.startsWith('helm upgrade'))!;
    const valuesFile = helm.split(' --values ')[1];
    expect(fs.readFileSync(valuesFile, 'utf8')).toContain('name: fleet-gateway');
  });

  test('a global external gateway class needs no proxy-only subnet', () => {
    const result = upFor({ gateway: { className: 'gke-l7-global-external-managed' }, models: [{ id: 'a', source: 'org/a' }] });
    expect(result.status).toBe(0);
    expect(result.calls.some((c) => c.includes('subnets'))).toBe(false);
  });

  test('a two-cluster list: both clusters join the fleet with their own pools, the Gateway goes to the config cluster', () => {
    const list = {
      gateway: { className: 'gke-l7-cross-regional-internal-managed-mc' },
      clusters: [
        { name: 'us-central', region: 'us-central1', config: true },
        // Each region needs its own proxy-only subnet range.
        { name: 'europe-west', region: 'europe-west4', proxySubnetRange: '192.168.11.0/24' },
      ],
      models: [
        { id: 'gemma-2b-it', source: 'google/gemma-2b-it' },
        { id: 'qwen-2.5-3b', source: 'Qwen/Qwen2.5-3B', clusters: ['europe-west'] },
      ],
    };
    const root = tempDir();
    const deployDir = path.join(root, 'deploy');
    const distDir = path.join(root, 'dist');
    fs.mkdirSync(deployDir);
    for (const cluster of ['us-central', 'europe-west']) {
      fs.mkdirSync(path.join(distDir, cluster, 'default'), { recursive: true });
      fs.writeFileSync(path.join(distDir, cluster, 'default', 'model.k8s.yaml'), 'kind: RayService\n');
    }
    const files = deployFiles(planModels(list), path.relative(REPO, deployDir), path.relative(REPO, distDir));
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(deployDir, name), content);
    const result = runScript(['up'], {
      plan: path.join(deployDir, 'cluster-plan.env'),
      env: { CLUSTER: undefined, DIST_DIR: undefined },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const fleetFlags = `--workload-pool ${PROJECT}.svc.id.goog --enable-fleet`;
    expect(result.calls.filter((c) => c.startsWith('gcloud container clusters create'))).toEqual([
      expect.stringMatching(new RegExp(`^gcloud container clusters create us-central --project ${PROJECT} --location us-central1-[a-z] .* ${fleetFlags}$`)),
      expect.stringMatching(new RegExp(`^gcloud container clusters create europe-west --project ${PROJECT} --location europe-west4-[a-z] .* ${fleetFlags}$`)),
    ]);
    expect(poolCreates(result.calls)).toEqual([
      expect.stringMatching(/^gcloud container node-pools create gpu-nvidia-l4 --cluster us-central --location us-central1-[a-z] .*--accelerator type=nvidia-l4,/),
      expect.stringMatching(/^gcloud container node-pools create gpu-nvidia-l4 --cluster europe-west --location europe-west4-[a-z] .*--accelerator type=nvidia-l4,/),
    ]);
    expect(result.calls).toContain(
      `gcloud container fleet ingress enable --config-membership=us-central --location=global --project ${PROJECT}`,
    );
    expect(result.calls.filter((c) => c.includes('subnets create'))).toEqual([
      expect.stringMatching(/ --purpose GLOBAL_MANAGED_PROXY --role ACTIVE --region us-central1 .* --range 192\.168\.10\.0\/24$/),
      expect.stringMatching(/ --purpose GLOBAL_MANAGED_PROXY --role ACTIVE --region europe-west4 .* --range 192\.168\.11\.0\/24$/),
    ]);
    // The router and the Gateway's manifests in the config cluster, applied last.
    expect(result.calls.find((c) => c.startsWith('helm '))).toMatch(/^helm --kube-context gke_test-project_us-central1-[a-z]_us-central upgrade --install /);
    const last = result.calls[result.calls.length - 1];
    expect(last).toMatch(/^kubectl --context gke_test-project_us-central1-[a-z]_us-central apply -R -f \S+$/);
    expect(path.resolve(last.split(' -f ')[1])).toBe(path.join(distDir, 'us-central'));
  });

  test('team namespaces get created and each gets the secret; the subnet range follows network.proxySubnetRange', () => {
    const result = upFor({
      namespace: 'llm-gateway',
      network: { proxySubnetRange: '10.129.0.0/23' },
      models: [
        { id: 'a', source: 'org/a', namespace: 'team-a' },
        { id: 'b', source: 'org/b' },
        { id: 'c', source: 'org/c', namespace: 'team-a' },
      ],
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => /^kubectl (get|create) namespace /.test(c))).toEqual([
      'kubectl get namespace llm-gateway',
      'kubectl create namespace llm-gateway',
      'kubectl get namespace team-a',
      'kubectl create namespace team-a',
    ]);
    expect(result.calls.filter((c) => c.startsWith('kubectl create secret'))).toEqual([
      secretCreate('hf-secret', 'team-a', 'hf_api_token'),
      secretCreate('hf-secret', 'llm-gateway', 'hf_api_token'),
    ]);
    expect(result.calls.find((c) => c.includes('subnets create'))).toMatch(/ --range 10\.129\.0\.0\/23$/);
  });
});

describe('the plan names the router release', () => {
  // Synth always writes body-based-router; the script must still take the name from the plan.
  test('up and down use PLAN_ROUTER_RELEASE', () => {
    const file = planVariant('team-a', (text) => text.replace(/^PLAN_ROUTER_RELEASE=.*$/m, 'PLAN_ROUTER_RELEASE=team-a-router'));
    const up = runScript(['up'], { plan: file });
    expect(up.status).toBe(0);
    expect(up.calls).toContain(helmInstall('team-a-router', 'team-a'));
    const down = runScript(['down', '--yes'], { plan: file, existing: ['cluster', 'release:team-a-router'] });
    expect(down.status).toBe(0);
    expect(down.calls).toContain('helm uninstall team-a-router --namespace team-a');
  });
});
