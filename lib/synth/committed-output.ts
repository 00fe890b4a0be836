/**
 * The committed output that `npm run plan` and synth compare a list change with
 * (lib/plan/upgrade-plan.ts): the RayServices of dist/ at git HEAD, or of a folder given instead.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { ModelPlan } from '../plan/model-plan';
import { RayServiceObject, upgradeLines, upgradePlan } from '../plan/upgrade-plan';

export type CommittedOutput =
  | { readonly from: string; readonly rayServices: RayServiceObject[] }
  | { readonly skipped: string };

const MANIFEST = /\.k8s\.ya?ml$/;

/** The RayServices in manifest texts (files without one are not parsed). */
export function rayServicesOf(texts: Iterable<string>): RayServiceObject[] {
  const found: RayServiceObject[] = [];
  for (const text of texts) {
    if (!text.includes('kind: RayService')) continue;
    for (const doc of parseAllDocuments(text)) {
      const o = doc.toJS() as RayServiceObject | null;
      if (o?.kind === 'RayService') found.push(o);
    }
  }
  return found;
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
  return { from: dir, rayServices: rayServicesOf(filesUnder(dir).map((f) => fs.readFileSync(f, 'utf8'))) };
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
  return { from: `${rel}/ at git HEAD`, rayServices: rayServicesOf(texts) };
}

/** Synth compares with the committed output only up to this many models (parsing every manifest again costs seconds beyond). */
export const UPGRADE_REPORT_MAX_MODELS = 500;

/** The upgrade lines of a new output (manifest texts by file) against the committed one. */
export function upgradeReport(plan: ModelPlan, manifests: Record<string, string>, committed: CommittedOutput): string[] {
  if ('skipped' in committed) return [`upgrade: skipped: ${committed.skipped}`];
  const lines = upgradeLines(plan, upgradePlan(plan, committed.rayServices, rayServicesOf(Object.values(manifests))));
  return [`upgrade: compared with ${committed.from}`, ...lines];
}
