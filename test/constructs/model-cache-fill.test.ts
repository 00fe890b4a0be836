/**
 * The fill Job's copy script, run by this machine's Python against a stand-in `huggingface_hub`
 * (the Hub's listing and download, no network): it copies what vLLM loads, skips what the bucket
 * already has with the Hub's size, and a second run copies nothing. And the Job's manifest.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { MODEL_CACHE_FILL_SCRIPT, ModelCacheFill } from '../../lib/constructs/model-cache-fill';

const PYTHON = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
const STUB = `
import json, os
REPO = json.loads(os.environ['STUB_REPO'])
class Sibling:
    def __init__(self, name, size): self.rfilename, self.size = name, size
class Info:
    sha = 'abc123'
    siblings = [Sibling(n, len(c)) for n, c in REPO.items()]
class HfApi:
    def model_info(self, repo, files_metadata=False):
        assert files_metadata and 'HF_TOKEN' in os.environ
        return Info()
def hf_hub_download(repo, name, revision=None, cache_dir=None):
    with open(os.environ['STUB_LOG'], 'a') as log: log.write(name + '\\n')
    path = os.path.join(cache_dir, 'models--' + repo.replace('/', '--'), 'snapshots', revision, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f: f.write(REPO[name])
    return path
`;

const run = PYTHON ? test : test.skip;

run('copies the model files once: a second run downloads nothing, a file of the wrong size is copied again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fill-'));
  try {
    fs.mkdirSync(path.join(dir, 'stub', 'huggingface_hub'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stub', 'huggingface_hub', '__init__.py'), STUB);
    const repo = { 'config.json': '{}', 'model-00001-of-00002.safetensors': 'x'.repeat(100), 'model-00002-of-00002.safetensors': 'y'.repeat(50), 'tokenizer.model': 't', 'gemma-2b-it.gguf': 'g'.repeat(500), 'README.md': 'r' };
    const log = path.join(dir, 'downloads.log');
    const target = path.join(dir, 'bucket', 'google', 'gemma-2b-it');
    const env = { PATH: process.env.PATH, PYTHONPATH: path.join(dir, 'stub'), STUB_REPO: JSON.stringify(repo), STUB_LOG: log, HF_TOKEN: 'hf_secret_value',
      MODEL_SOURCE: 'google/gemma-2b-it', TARGET_DIR: target, SCRATCH_DIR: path.join(dir, 'scratch') };
    const fill = () => {
      fs.rmSync(log, { force: true });
      const result = spawnSync(PYTHON!, ['-c', MODEL_CACHE_FILL_SCRIPT], { env, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).not.toContain('hf_secret_value');
      return { out: result.stdout, downloaded: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').sort() : [] };
    };
    const first = fill();
    expect(first.downloaded).toEqual(['config.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'tokenizer.model']);
    expect(fs.readFileSync(path.join(target, 'model-00001-of-00002.safetensors'), 'utf8')).toBe('x'.repeat(100));
    expect(fs.existsSync(path.join(target, 'gemma-2b-it.gguf'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'scratch')).length).toBe(0);

    const second = fill();
    expect(second.downloaded).toEqual([]);
    expect(second.out).toContain('done: 0 copied, 4 present');

    fs.writeFileSync(path.join(target, 'model-00002-of-00002.safetensors'), 'y'); // a partial copy
    expect(fill().downloaded).toEqual(['model-00002-of-00002.safetensors']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the Job: writer ServiceAccount, FUSE annotation and read-write volume, token by secretKeyRef only', () => {
  const chart = Testing.chart();
  new ModelCacheFill(chart, 'Fill', { name: 'weights-gemma-abc123', namespace: 'team-a', bucket: 'b1', source: 'google/gemma-2b-it', huggingFaceSecret: { name: 's', key: 'k' } });
  const [job] = Testing.synth(chart);
  const pod = job.spec.template;
  expect(job.kind).toBe('Job');
  expect(pod.metadata.annotations['gke-gcsfuse/volumes']).toBe('true');
  expect(pod.spec.serviceAccountName).toBe('model-cache-writer');
  expect(pod.spec.volumes[0]).toEqual({ name: 'model-cache', csi: { driver: 'gcsfuse.csi.storage.gke.io', readOnly: false, volumeAttributes: { bucketName: 'b1', mountOptions: 'implicit-dirs,uid=1000,gid=100' } } });
  const container = pod.spec.containers[0];
  expect(container.env).toContainEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } });
  expect(JSON.stringify(container.command)).not.toMatch(/hf_[A-Za-z]{5,}/);
  expect(job.spec.activeDeadlineSeconds).toBe(3600);
});
