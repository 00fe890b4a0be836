/**
 * The committed output that `npm run plan` and synth compare a list change with
 * (lib/plan/upgrade-plan.ts): the RayServices of dist/ at git HEAD, or of a folder given instead.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { ModelPlan } from '../plan/model-plan';
import { RayServiceObject, upgradeLines, upgradePlan } from '../plan/upgrade-plan';

export type CommittedOutput =
  | { readonly from: string; readonly rayServices: readonly string[] }
  | { readonly skipped: string };

const MANIFEST = /\.k8s\.ya?ml$/;

/** The RayService documents (YAML text) of manifest texts, unparsed: only changed ones are parsed later. */
export function rayServiceDocs(texts: Iterable<string>): string[] {
  const found: string[] = [];
  for (const text of texts) {
    if (!text.includes('kind: RayService')) continue;
    for (const doc of text.split(/^---\n/m)) if (/^kind: RayService$/m.test(doc)) found.push(doc.endsWith('\n') ? doc : `${doc}\n`);
  }
  return found;
}

/** The RayServices of YAML documents. */
export function parseRayServices(docs: Iterable<string>): RayServiceObject[] {
  return [...docs].map((doc) => parse(doc) as RayServiceObject);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : MANIFEST.test(e.name) ? [full] : [];
  });
}

/** The RayServices of a folder of manifests. */
export function folderOutput(dir: string): CommittedOutput {
  if (!fs.existsSync(dir)) return { skipped: `${dir} does not exist` };
  return { from: dir, rayServices: rayServiceDocs(filesUnder(dir).map((f) => fs.readFileSync(f, 'utf8'))) };
}

const git = (cwd: string, args: string[], input?: string) =>
  execFileSync('git', args, { cwd, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 30 });

/** The RayServices of `distDir` as committed at git HEAD; skipped outside a git checkout or before a first commit. */
export function committedOutput(distDir: string): CommittedOutput {
  let top: string;
  try {
    top = git(fs.existsSync(distDir) ? distDir : path.dirname(distDir), ['rev-parse', '--show-toplevel']).trim();
    git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  } catch {
    return { skipped: 'not a git checkout with a commit: no committed output to compare with' };
  }
  const rel = path.relative(top, fs.realpathSync(fs.existsSync(distDir) ? distDir : path.dirname(distDir)));
  const names = git(top, ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', rel || '.']).split('\0').filter((n) => MANIFEST.test(n));
  if (names.length === 0) return { from: `${rel || '.'}/ at git HEAD`, rayServices: [] };
  // One `git cat-file --batch` for every file: "<sha> blob <size>\n<content>\n" each.
  const out = execFileSync('git', ['cat-file', '--batch'], { cwd: top, input: names.map((n) => `HEAD:${n}`).join('\n') + '\n', stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  const texts: string[] = [];
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    const [, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
    if (type !== 'blob') break;
    texts.push(out.subarray(eol + 1, eol + 1 + Number(size)).toString('utf8'));
    at = eol + 1 + Number(size) + 1;
  }
  return { from: `${rel}/ at git HEAD`, rayServices: rayServiceDocs(texts) };
}

/** Synth compares with the committed output only up to this many models (a change of every model parses them all: ~7 ms each). */
export const UPGRADE_REPORT_MAX_MODELS = 200;

/** The upgrade lines of a new output (manifest texts by file) against the committed one; RayServices whose text is unchanged are not parsed. */
export function upgradeReport(plan: ModelPlan, manifests: Record<string, string>, committed: CommittedOutput): string[] {
  if ('skipped' in committed) return [`upgrade: skipped: ${committed.skipped}`];
  const now = rayServiceDocs(Object.values(manifests));
  const [before, after] = [new Set(committed.rayServices), new Set(now)];
  const changedBefore = committed.rayServices.filter((doc) => !after.has(doc));
  const changedAfter = now.filter((doc) => !before.has(doc));
  const lines = upgradeLines(plan, upgradePlan(plan, parseRayServices(changedBefore), parseRayServices(changedAfter)));
  return [`upgrade: compared with ${committed.from}`, ...lines];
}
