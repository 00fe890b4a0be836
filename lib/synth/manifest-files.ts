/** The synthesized manifests as text: one file per chart, or one stream for `cdk8s synth --stdout`. */
import * as os from 'os';
import * as path from 'path';
import { ChartFile, objectsOf } from '../charts/app';
import { oversizedObjects } from '../plan/runtime-limits';
import { ModelListError } from '../spec/model-list-error';
import { stringifyManifests } from './fast-yaml';

/** A file's objects, refused (ModelListError, nothing written) when kubectl apply could not store one. */
function storableObjectsOf(file: ChartFile): unknown[] {
  const objects = objectsOf(file);
  const problems = oversizedObjects(file.path, objects as Parameters<typeof oversizedObjects>[1]);
  if (problems.length > 0) throw new ModelListError(problems);
  return objects;
}

/** Relative path -> content of every chart's manifest file (what `synthesizeCharts` writes). */
export function manifestFiles(charts: readonly ChartFile[]): Record<string, string> {
  return Object.fromEntries(charts.map((file) => [file.path, stringifyManifests(...storableObjectsOf(file))]));
}

/**
 * Every object as one multi-document YAML stream in a stable order: Namespaces first, then the
 * charts in the order `buildCharts` makes them (the Gateway, then the models in list order).
 */
export function manifestStream(charts: readonly ChartFile[]): string {
  const objects = charts.flatMap((file) => storableObjectsOf(file) as { kind?: string }[]);
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  return stringifyManifests(...namespaces, ...objects.filter((o) => o.kind !== 'Namespace'));
}

/** The one file written for `--stdout`: the CLI prints every file it finds, so there is only one. */
export const STREAM_FILE = 'all.k8s.yaml';

/**
 * Whether `outdir` is the temporary folder `cdk8s synth --stdout` gives the app: cdk8s-cli 2.207.60
 * makes it with `fs.mkdtemp(path.join(os.tmpdir(), 'cdk8s-'))` (lib/util.js `mkdtemp`), then pipes
 * every manifest found there to stdout at once (lib/cli/cmds/synth.js), so several files come out
 * in no fixed order and without `---` between them.
 */
export function isStdoutFolder(outdir: string): boolean {
  return path.dirname(path.resolve(outdir)) === path.resolve(os.tmpdir()) && /^cdk8s-[A-Za-z0-9]{6}$/.test(path.basename(outdir));
}
