/**
 * Regenerates imports/ from the upstream CRDs:
 *   - imports/<group>.ts               typed constructs, by `cdk8s import` (not for the GitOps groups)
 *   - imports/schemas/<group>_<version>_<Kind>.json   each served version's openAPIV3Schema,
 *     which the tests validate every synthesized object against (so they need no CRD files).
 *
 * Usage: npm run import            (CRDs from ../shared/crds if present, else downloaded from the
 *                                   pinned URLs under `imports:` in cdk8s.yaml)
 *        CRD_DIR=/path/to/crds npm run import   (offline: a folder laid out like ../shared/crds)
 *
 * `cdk8s import` writes one file per API group and overwrites it, so all CRDs of a group
 * are concatenated into one multi-document file first.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(__dirname, '..');
/** The local CRD folder: CRD_DIR if set, else ../shared/crds if present (else the URLs in cdk8s.yaml). */
const SHARED_CRDS = path.resolve(root, '../shared/crds');
const importsDir = path.join(root, 'imports');
const schemaDir = path.join(importsDir, 'schemas');

/**
 * The CRD files of each API group (relative to CRD_DIR), the one version this project writes, and
 * whether a typed module is generated (otherwise only the JSON schemas, for `npm run validate`).
 * Where each folder comes from (repository, tag or commit): README "Upstream CRDs" and cdk8s.yaml `imports:`.
 */
interface GroupImport {
  readonly files: string[];
  readonly version: string;
  readonly module: boolean;
}

const GROUPS: Record<string, GroupImport> = {
  'ray.io': { files: ['kuberay/ray.io_rayservices.yaml'], version: 'v1', module: true },
  'gateway.networking.k8s.io': {
    files: [
      'gateway-api/gateway.networking.k8s.io_gateways.yaml',
      'gateway-api/gateway.networking.k8s.io_httproutes.yaml',
      'gateway-api/gateway.networking.k8s.io_referencegrants.yaml',
    ],
    version: 'v1',
    module: true,
  },
  'networking.gke.io': {
    files: [
      'gke/networking.gke.io_healthcheckpolicies.yaml',
      'gke/networking.gke.io_gcpbackendpolicies.yaml',
      'gke/networking.gke.io_gcpgatewaypolicies.yaml',
      'gke/networking.gke.io_gcproutingextensions.yaml',
    ],
    version: 'v1',
    module: true,
  },
  'net.gke.io': { files: ['gke-mcs/serviceexports.yaml', 'gke-mcs/serviceimports.yaml'], version: 'v1', module: true },
  // GitOps controllers: schemas only (Argo CD's typed module would be ~100k lines).
  'argoproj.io': {
    files: ['argocd/application-crd.yaml', 'argocd/applicationset-crd.yaml', 'argocd/appproject-crd.yaml'],
    version: 'v1alpha1',
    module: false,
  },
  'kustomize.toolkit.fluxcd.io': { files: ['flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml'], version: 'v1', module: false },
  'source.toolkit.fluxcd.io': { files: ['flux/source.toolkit.fluxcd.io_gitrepositories.yaml', 'flux/source.toolkit.fluxcd.io_ocirepositories.yaml'], version: 'v1', module: false },
  'helm.toolkit.fluxcd.io': { files: ['flux/helm.toolkit.fluxcd.io_helmreleases.yaml'], version: 'v2', module: false },
};

interface CrdVersion {
  storage?: boolean;
  name: string;
  served: boolean;
  schema?: { openAPIV3Schema?: unknown };
}

interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

function readCrds(file: string): Crd[] {
  const text = fs.readFileSync(file, 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Crd | null)
    .filter((crd): crd is Crd => crd?.kind === 'CustomResourceDefinition');
}

/** Keeps only the version this project writes, so imports/ holds no unused (and large) alpha types. */
function onlyVersion(crd: Crd, version: string): Crd {
  const versions = crd.spec.versions.filter((v) => v.name === version && v.served);
  if (versions.length !== 1) throw new Error(`${crd.spec.names.kind}: no served ${version} version`);
  return { ...crd, spec: { ...crd.spec, versions: versions.map((v) => ({ ...v, storage: true })) } };
}

function writeSchemas(crd: Crd): void {
  for (const version of crd.spec.versions) {
    if (!version.schema?.openAPIV3Schema) continue;
    const file = path.join(schemaDir, `${crd.spec.group}_${version.name}_${crd.spec.names.kind}.json`);
    fs.writeFileSync(file, JSON.stringify(version.schema.openAPIV3Schema, null, 1) + '\n');
  }
}

/** Downloads every file GROUPS needs from its URL in cdk8s.yaml `imports:` (matched by file name) into `dir`. */
async function download(dir: string): Promise<void> {
  const urls = ((parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')) as { imports?: string[] }).imports ?? []);
  for (const file of Object.values(GROUPS).flatMap((g) => g.files)) {
    const url = urls.find((u) => u.endsWith(`/${path.basename(file)}`));
    if (!url) throw new Error(`cdk8s.yaml imports: no URL ending in /${path.basename(file)}`);
    console.log(`downloading ${url}`);
    const response = await fetch(url).catch((error: Error) => {
      throw new Error(`${url}: ${error.message} (offline? set CRD_DIR to a local copy of the CRDs)`);
    });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} (offline? set CRD_DIR to a local copy)`);
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), await response.text());
  }
}

async function crdFolder(work: string): Promise<string> {
  if (process.env.CRD_DIR) {
    const dir = path.resolve(root, process.env.CRD_DIR);
    if (!fs.existsSync(dir)) throw new Error(`CRD_DIR not found: ${dir}`);
    return dir;
  }
  if (fs.existsSync(SHARED_CRDS)) return SHARED_CRDS;
  const dir = path.join(work, 'crds');
  await download(dir);
  return dir;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
    const crdDir = await crdFolder(work);
    fs.rmSync(importsDir, { recursive: true, force: true });
    fs.mkdirSync(schemaDir, { recursive: true });
    for (const [group, { files, version, module }] of Object.entries(GROUPS)) {
      const crds = files.flatMap((f) => readCrds(path.join(crdDir, f))).map((crd) => onlyVersion(crd, version));
      crds.forEach(writeSchemas);
      if (!module) continue;
      const combined = path.join(work, `${group}.yaml`);
      fs.writeFileSync(combined, crds.map((crd) => stringify(crd)).join('---\n'));
      execFileSync(
        path.join(root, 'node_modules', '.bin', 'cdk8s'),
        ['import', '--check-upgrade', 'false', '--no-save', '--language', 'typescript', '--output', importsDir, combined],
        { cwd: root, stdio: 'inherit' },
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`npm run import: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
