/**
 * Regenerates imports/ from the upstream CRDs:
 *   - imports/<group>.ts               typed constructs, by `cdk8s import`
 *   - imports/schemas/<group>_<version>_<Kind>.json   each served version's openAPIV3Schema,
 *     which the tests validate every synthesized object against (so they need no CRD files).
 *
 * Usage: npm run import            (CRDs from ../shared/crds)
 *        CRD_DIR=/path/to/crds npm run import
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

/** The CRD files each generated module is made from (relative to CRD_DIR). */
const GROUPS: Record<string, string[]> = {
  'ray.io': ['kuberay/ray.io_rayservices.yaml'],
  'gateway.networking.k8s.io': [
    'gateway-api/gateway.networking.k8s.io_gateways.yaml',
    'gateway-api/gateway.networking.k8s.io_httproutes.yaml',
    'gateway-api/gateway.networking.k8s.io_referencegrants.yaml',
  ],
};

/** The API version this project writes; only its schemas are kept. */
const SCHEMA_VERSION = 'v1';

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
function onlySchemaVersion(crd: Crd): Crd {
  const versions = crd.spec.versions.filter((v) => v.name === SCHEMA_VERSION && v.served);
  if (versions.length !== 1) throw new Error(`${crd.spec.names.kind}: no served ${SCHEMA_VERSION} version`);
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
    for (const [group, files] of Object.entries(GROUPS)) {
      const crds = files.flatMap((f) => readCrds(path.join(crdDir, f))).map(onlySchemaVersion);
      crds.forEach(writeSchemas);
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
