/**
 * One line per model list of the repository (models.yaml, examples/*.yaml, test/fixtures/**\/*.yaml
 * that are lists, test/support/lists.ts): the SHA-256 of everything synth makes from it (each
 * dist/ manifest and deploy/ file, by path) or of its error messages. Run before and after a change
 * that must not change the output and compare:
 *   npx tsx test/support/output-digest.ts > /tmp/after.txt
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadModelList, ModelListError } from '../../lib';
import { planAnyList } from './problems';
import { chartFilesOnDemand, deployFiles, manifestFiles } from '../../lib/synth';
import { manyModels, RICH_LIST } from './lists';

const ROOT = path.resolve(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

/** The digest of what synth makes of `load()`, or of its problems. */
export function outputDigest(load: () => unknown): string {
  const hash = createHash('sha256');
  try {
    const plan = planAnyList(load());
    const files = { ...manifestFiles(chartFilesOnDemand(plan)), ...deployFiles(plan, 'deploy', 'dist') };
    for (const name of Object.keys(files).sort()) hash.update(`${name}\n${files[name]}\n`);
    hash.update(JSON.stringify(plan.warnings ?? []));
  } catch (error) {
    if (!(error instanceof ModelListError)) throw error;
    hash.update(`error\n${error.message}`);
  }
  return hash.digest('hex');
}

export function allLists(): [string, () => unknown][] {
  const files = [path.join(ROOT, 'models.yaml'), ...yamlFiles(path.join(ROOT, 'examples')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures'))]
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
  const lists: [string, () => unknown][] = [];
  for (const file of files) {
    try {
      const list = loadModelList(file);
      if (typeof list === 'object' && list !== null && 'models' in list) lists.push([path.relative(ROOT, file), () => loadModelList(file)]);
    } catch {
      // not a model list (recorded answers, router values, ...)
    }
  }
  lists.push(['test/support/lists.ts RICH_LIST', () => RICH_LIST], ['test/support/lists.ts manyModels(30)', () => manyModels(30)]);
  return lists;
}

if (require.main === module) {
  for (const [name, load] of allLists()) process.stdout.write(`${outputDigest(load)}  ${name}\n`);
}
