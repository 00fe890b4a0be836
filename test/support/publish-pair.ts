/** The small dist/ + deploy/ pair the publish tests write, and how to read one back. */
import * as fs from 'fs';
import * as path from 'path';

export interface Pair {
  readonly dist: Record<string, string>;
  readonly deploy: Record<string, string>;
}

/** What publishing tag `tag` writes (without the marker file). */
export function pairFiles(tag: string): Pair {
  return {
    dist: { 'default/gateway.k8s.yaml': `kind: Gateway # ${tag}\n`, 'default/model-a.k8s.yaml': `kind: RayService # ${tag}\n` },
    deploy: { 'cluster-plan.env': `TAG=${tag}\n` },
  };
}

/** Relative path -> content of every file below `dir` (none if it is missing); the marker left out. */
export function readTree(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(names.filter((f) => f !== '.ray-llm-gateway').sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}
