/**
 * ModelCacheFill: the one-off Kubernetes Job that copies a model's files from the Hugging Face Hub
 * into the model cache bucket (through the GCS FUSE CSI driver, read-write, as the only writer).
 * Idempotent: a file already in the bucket with the Hub's size is skipped, so a second run copies
 * nothing. The token comes from the Secret by secretKeyRef (never in args, logs or manifests).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { objectMetadata, ResourceProps } from './metadata';
import { RayEnvKeyRef } from './ray-llm-service-props';
import { modelCacheAnnotations, modelCacheMount, modelCachePath, modelCacheVolume } from './model-cache-volume';
import { MODEL_CACHE_WRITER_SERVICE_ACCOUNT } from '../facts/identity';
import * as defaults from '../list/defaults';

/**
 * The copy, run by the image's Python (the ray-llm image has `huggingface_hub`, a vLLM dependency).
 * It lists the repository's files with their sizes (HfApi.model_info(files_metadata=True)), keeps
 * those vLLM loads, skips a file whose copy in the bucket has the same size, downloads the others one
 * by one to local scratch and copies each into the mounted bucket. Prints file names only.
 */
export const MODEL_CACHE_FILL_SCRIPT = [
  'import fnmatch, os, shutil, sys',
  'from huggingface_hub import HfApi, hf_hub_download',
  "repo, target, scratch = os.environ['MODEL_SOURCE'], os.environ['TARGET_DIR'], os.environ['SCRATCH_DIR']",
  "wanted = ['*.json', '*.safetensors', '*.model', '*.tiktoken', '*.txt', '*.jinja']",
  'info = HfApi().model_info(repo, files_metadata=True)',
  'files = [f for f in info.siblings if any(fnmatch.fnmatch(f.rfilename, p) for p in wanted)]',
  "if not any(f.rfilename.endswith('.safetensors') for f in files):",
  "    files += [f for f in info.siblings if f.rfilename.endswith('.bin')]",
  'copied = 0',
  'for f in files:',
  '    dest = os.path.join(target, f.rfilename)',
  '    if os.path.isfile(dest) and os.path.getsize(dest) == f.size:',
  "        print('present', f.rfilename, flush=True)",
  '        continue',
  "    local = hf_hub_download(repo, f.rfilename, revision=info.sha, cache_dir=scratch)",
  '    os.makedirs(os.path.dirname(dest), exist_ok=True)',
  '    shutil.copyfile(local, dest)',
  "    shutil.rmtree(os.path.join(scratch, 'models--' + repo.replace('/', '--')), ignore_errors=True)",
  '    copied += 1',
  "    print('copied', f.rfilename, flush=True)",
  "print('done:', copied, 'copied,', len(files) - copied, 'present', flush=True)",
  'sys.exit(0)',
].join('\n');

/** Local scratch of the Job (an emptyDir): one file at a time. */
const SCRATCH_PATH = '/scratch';

export interface ModelCacheFillProps extends ResourceProps {
  /** Job name. */
  readonly name: string;
  /**
   * Namespace of the Job (the Hugging Face Secret must be there).
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /** The bucket. */
  readonly bucket: string;
  /** Hugging Face repository id; also the folder in the bucket. */
  readonly source: string;
  /**
   * Image with Python and huggingface_hub.
   * @default the model list's `image` default (the ray-llm image the Ray pods pull anyway)
   */
  readonly image?: string;
  /**
   * Secret and key of the Hugging Face token.
   * @default the model list's huggingFaceSecret defaults (hf-secret / hf_api_token)
   */
  readonly huggingFaceSecret?: RayEnvKeyRef;
  /**
   * Local scratch for one file at a time (the largest shard of the model).
   * @default '16Gi'
   */
  readonly scratch?: string;
  /**
   * Seconds the Job may run in all (activeDeadlineSeconds).
   * @default 3600
   */
  readonly deadlineSeconds?: number;
  /**
   * ServiceAccount with write access to the bucket.
   * @default 'model-cache-writer'
   */
  readonly serviceAccountName?: string;
}

export class ModelCacheFill extends Construct {
  public readonly apiObject: ApiObject;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ModelCacheFillProps) {
    super(scope, id);
    const scratch = props.scratch ?? '16Gi';
    const secret = props.huggingFaceSecret ?? { name: defaults.DEFAULT_HF_SECRET_NAME, key: defaults.DEFAULT_HF_SECRET_KEY };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: objectMetadata({ name: props.name, namespace: props.namespace }, props.metadata),
      spec: {
        backoffLimit: 3,
        activeDeadlineSeconds: props.deadlineSeconds ?? 3600,
        template: {
          metadata: { annotations: modelCacheAnnotations() },
          spec: {
            serviceAccountName: props.serviceAccountName ?? MODEL_CACHE_WRITER_SERVICE_ACCOUNT,
            restartPolicy: 'OnFailure',
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 100, fsGroup: 100, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'fill',
              image: props.image ?? defaults.DEFAULT_IMAGE,
              command: ['python', '-c', MODEL_CACHE_FILL_SCRIPT],
              env: [
                { name: 'MODEL_SOURCE', value: props.source },
                { name: 'TARGET_DIR', value: modelCachePath(props.source) },
                { name: 'SCRATCH_DIR', value: SCRATCH_PATH },
                { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: secret.name, key: secret.key } } },
                { name: 'HF_HUB_DISABLE_PROGRESS_BARS', value: '1' },
              ],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              resources: {
                requests: { 'cpu': '1', 'memory': '4Gi', 'ephemeral-storage': scratch },
                limits: { 'memory': '4Gi', 'ephemeral-storage': scratch },
              },
              volumeMounts: [modelCacheMount(false), { name: 'scratch', mountPath: SCRATCH_PATH }],
            }],
            volumes: [modelCacheVolume(props.bucket, 1000, 100), { name: 'scratch', emptyDir: { sizeLimit: scratch } }],
          },
        },
      },
    });
    this.name = props.name;
  }
}
