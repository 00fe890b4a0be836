/**
 * `modelCache`: a list with it gives workers (and heads) that read the weights from the bucket
 * through the GCS FUSE CSI driver, as the `ray-llm` ServiceAccount, with no Hugging Face token;
 * models that opt out, and lists without it, stay on the Hub. The planner's errors name the field.
 */
import { buildCharts, objectsOf, planModels } from '../lib';
import { RAY_SERVICE_ACCOUNT } from '../lib/facts/identity';
import { listProblems as problemsOf, planAnyList } from './support/problems';
import { parse } from 'yaml';
import { clusterPlan } from '../lib/plan/cluster-plan';
import { clusterSteps } from '../lib/plan/cluster-steps';

const list = (extra: object = {}, models: object[] = [{ id: 'gemma-2b-it', source: 'google/gemma-2b-it' }, { id: 'qwen', source: 'Qwen/Qwen2.5-3B', modelCache: false }]) =>
  ({ modelCache: { bucket: 'llm-weights' }, models, ...extra });

function rayServices(input: object) {
  const plan = planAnyList(input);
  const objects = buildCharts(plan).flatMap((f) => objectsOf(f) as any[]);
  return { plan, objects, byName: (name: string) => objects.find((o) => o.kind === 'RayService' && o.metadata.name === name) };
}
const pods = (rs: any) => [rs.spec.rayClusterConfig.headGroupSpec.template, rs.spec.rayClusterConfig.workerGroupSpecs[0].template];

describe('modelCache', () => {
  test('the cached model: FUSE annotation, read-only CSI volume with file cache and parallel downloads, ray-llm ServiceAccount, no token, local model_source', () => {
    const { byName } = rayServices(list());
    const rs = byName('gemma-2b-it');
    for (const pod of pods(rs)) {
      expect(pod.metadata.annotations['gke-gcsfuse/volumes']).toBe('true');
      expect(pod.spec.serviceAccountName).toBe(RAY_SERVICE_ACCOUNT);
      const volume = pod.spec.volumes.find((v: any) => v.name === 'model-cache');
      expect(volume.csi.driver).toBe('gcsfuse.csi.storage.gke.io');
      expect(volume.csi.readOnly).toBe(true);
      expect(volume.csi.volumeAttributes.bucketName).toBe('llm-weights');
      expect(volume.csi.volumeAttributes.mountOptions.split(',')).toEqual(expect.arrayContaining(['file-cache:enable-parallel-downloads:true', 'uid=1000', 'gid=100']));
      expect(volume.csi.volumeAttributes.fileCacheCapacity).toMatch(/Gi$/);
      const container = pod.spec.containers[0];
      expect(container.volumeMounts).toEqual([{ name: 'model-cache', mountPath: '/mnt/model-cache', readOnly: true }]);
      const names = container.env.map((e: any) => e.name);
      expect(names).not.toContain('HUGGING_FACE_HUB_TOKEN');
      expect(JSON.stringify(container.env)).not.toContain('secretKeyRef');
      expect(names).toContain('HF_HUB_OFFLINE');
    }
    const serve = parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0];
    expect(serve.model_loading_config).toEqual({ model_id: 'gemma-2b-it', model_source: '/mnt/model-cache/google/gemma-2b-it' });
  });

  test('a model with modelCache: false, and a list without modelCache, keep the Hub and the token', () => {
    for (const rs of [rayServices(list()).byName('qwen'), rayServices({ models: [{ id: 'qwen', source: 'Qwen/Qwen2.5-3B' }] }).byName('qwen')]) {
      for (const pod of pods(rs)) {
        expect(pod.metadata.annotations).toBeUndefined();
        expect(pod.spec.serviceAccountName).toBe('ray-llm'); // the namespace's Ray account, cache or not
        expect(pod.spec.volumes).toBeUndefined();
        expect(pod.spec.containers[0].env.map((e: any) => e.name)).toContain('HUGGING_FACE_HUB_TOKEN');
      }
      expect(parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0].model_loading_config.model_source).toBe('Qwen/Qwen2.5-3B');
    }
  });

  test('allModels: false caches only the models that ask; a canary may differ from its model', () => {
    const { plan } = rayServices(list({ modelCache: { bucket: 'llm-weights', allModels: false } }, [
      { id: 'a', source: 'o/a', modelCache: true, canary: { weight: 10, modelCache: false } },
      { id: 'b', source: 'o/b' },
    ]));
    expect(plan.models[0].deployments.map((d) => d.modelCache?.folder)).toEqual(['o/a', undefined]);
    expect(plan.models[1].deployments[0].modelCache).toBeUndefined();
  });

  test('one fill Job file per cached deployment, in the model namespace; its name changes with the source', () => {
    const files = buildCharts(planAnyList(list({}, [{ id: 'gemma', source: 'google/gemma-2b-it', namespace: 'team-a' }])));
    const fill = files.find((f) => f.path === 'team-a/model-cache-gemma.k8s.yaml')!;
    const [job] = objectsOf(fill) as any[];
    expect(job.kind).toBe('Job');
    expect(job.metadata.namespace).toBe('team-a');
    const other = planAnyList(list({}, [{ id: 'gemma', source: 'google/gemma-7b-it' }])).models[0].deployments[0].modelCache!.fillJobName;
    expect(other).not.toBe(job.metadata.name);
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
  });

  test('graceful shutdown follows the model timeout: Serve, pod grace period, old cluster deletion delay', () => {
    const rs = rayServices({ models: [{ id: 'm', source: 'o/m', timeoutSeconds: 900 }] }).byName('m');
    const config = parse(rs.spec.serveConfigV2).applications[0].args.llm_configs[0].deployment_config;
    expect(config.graceful_shutdown_timeout_s).toBe(900);
    expect(config.health_check_period_s).toBeLessThan(config.health_check_timeout_s);
    expect(pods(rs).map((p) => p.spec.terminationGracePeriodSeconds)).toEqual([930, 930]);
    expect(rs.spec.rayClusterDeletionDelaySeconds).toBe(900);
  });

  test('errors name the model and the field', () => {
    expect(problemsOf({ models: [{ id: 'm', source: 'o/m', modelCache: true }] })).toEqual([
      'models[0] "m": modelCache is true but the list has no modelCache (set modelCache.bucket at the top of the list)',
    ]);
    expect(problemsOf(list({}, [{ id: 'm', source: 'gs://b/m', modelCache: true }]))[0]).toContain('models[0] "m": modelCache needs a Hugging Face source');
    expect(problemsOf({ modelCache: { bucket: 'Bad.Name' }, models: [{ id: 'm', source: 'o/m' }] })[0]).toContain('modelCache: bucket "Bad.Name" is not a Cloud Storage bucket name');
    expect(problemsOf({ modelCache: {}, models: [{ id: 'm', source: 'o/m' }] })[0]).toContain('modelCache');
  });
});

describe('modelCache in a fleet', () => {
  const fleet = {
    modelCache: { bucket: 'llm-weights' },
    gateway: { className: 'gke-l7-cross-regional-internal-managed-mc', bodyBasedRouting: false },
    clusters: [
      { name: 'east', region: 'us-east1', config: true, proxySubnetRange: '10.129.0.0/23' },
      { name: 'west', region: 'us-west1', proxySubnetRange: '10.130.0.0/23' },
    ],
    models: [{ id: 'gemma', source: 'google/gemma-2b-it', clusters: ['west'] }],
  };

  test('the first cluster running the model fills the bucket (it has the Secret there); the bucket is in the config cluster\'s region', () => {
    const plan = planModels(fleet);
    const paths = buildCharts(plan).map((f) => f.path);
    expect(paths).toContain('west/default/model-cache-gemma.k8s.yaml');
    expect(paths.filter((p) => p.includes('model-cache-'))).toHaveLength(1);
    const steps = clusterSteps(clusterPlan(plan, 'deploy/router-values.yaml'));
    const fill = steps.find((s) => s.id.startsWith('weights:'))!;
    expect(fill.id).toMatch(/^weights:west\/default\/weights-gemma-/);
    expect(fill.create![0]).toContain('--filename=dist/west/default/model-cache-gemma.k8s.yaml');
    expect(fill.create![0]).toContain('--context=gke_{project}_us-west1-b_west');
    const bucket = steps.find((s) => s.id === 'bucket:llm-weights')!;
    expect(bucket.create![0]).toContain('--location=us-east1');
    expect(steps.filter((s) => s.id.startsWith('serviceaccount:')).map((s) => s.id)).toEqual(['serviceaccount:west/default/model-cache-writer']) // ray-llm comes with the manifests;
    expect(steps.find((s) => s.id === 'cluster:east')!.create![0]).toContain('--addons=HttpLoadBalancing,RayOperator,GcsFuseCsiDriver');
  });
});
