/**
 * Regenerates imports/ from the upstream CRDs:
 *   - imports/<group>.ts               typed constructs, by `cdk8s import` (not for the GitOps groups)
 *   - imports/schemas/<group>_<version>_<Kind>.json   each served version's openAPIV3Schema,
 *     which the tests validate every synthesized object against (so they need no CRD files).
 *
 * Usage: npm run import            (CRDs from ../shared/crds)
 *        CRD_DIR=/path/to/crds npm run import   (a folder laid out like ../shared/crds)
 *
 * `cdk8s import` writes one file per API group and overwrites it, so all CRDs of a group
 * are concatenated into one multi-document file first.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(__dirname, '..');
const crdDir = path.resolve(root, process.env.CRD_DIR ?? '../shared/crds');
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
  'source.toolkit.fluxcd.io': { files: ['flux/source.toolkit.fluxcd.io_gitrepositories.yaml'], version: 'v1', module: false },
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

function main(): void {
  if (!fs.existsSync(crdDir)) {
    throw new Error(`CRD folder not found: ${crdDir} (set CRD_DIR)`);
  }
  fs.rmSync(importsDir, { recursive: true, force: true });
  fs.mkdirSync(schemaDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
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

main();
