/**
 * `npm run plan`: the capacity plan of a model list, per cluster: pools x nodes (steady / during an
 * all-model upgrade), GPUs and an estimated monthly price (lib/plan/capacity-summary.ts); then what
 * the list change does to running models against the committed output (lib/plan/upgrade-plan.ts):
 * in place, or a new Ray cluster with its extra GPUs and price until the switch.
 *
 * Usage: npm run plan -- [LIST_FILE] [--against=DIST_DIR]
 *   LIST_FILE    default: models.yaml; RLG_MODELS_FILE is honoured too
 *   --against    compare with the manifests in this folder instead of dist/ at git HEAD
 * Exit status: 0 planned, 1 an invalid list (its problems on stderr), 2 a bad option.
 */
import * as path from 'path';
import { loadModelList, ModelListError, planModels } from '../lib';
import { capacityLines, PRICE_NOTE } from '../lib/plan/capacity-summary';
import { chartFilesOnDemand, committedOutput, folderOutput, manifestFiles, upgradeReport } from '../lib/synth';
import { invocationDir, optionsTakenByNpm } from './npm-args';

const args = [...optionsTakenByNpm(process.env, 'plan', ['against']), ...process.argv.slice(2).filter((a) => a !== '--')];
const against = args.find((a) => a.startsWith('--against'));
const bad = args.find((a) => a.startsWith('-') && !a.startsWith('--against='));
const cwd = invocationDir(process.env, 'plan');
if (bad || against === '--against') {
  console.error(`plan: ${bad ? `unknown option ${bad}` : '--against needs a folder: --against=DIR'} (usage: npm run plan -- [LIST_FILE] [--against=DIST_DIR])`);
  process.exit(2);
}
const arg = args.find((a) => !a.startsWith('-'));
const file = path.resolve(cwd, arg ?? process.env.RLG_MODELS_FILE ?? 'models.yaml');
try {
  const plan = planModels(loadModelList(file));
  for (const line of capacityLines(plan)) console.log(line);
  console.log(`Prices: ${PRICE_NOTE}.`);
  const committed = against
    ? folderOutput(path.resolve(cwd, against.slice('--against='.length)))
    : committedOutput(path.resolve(__dirname, '..', 'dist'));
  for (const line of upgradeReport(plan, manifestFiles(chartFilesOnDemand(plan)), committed)) console.log(line);
} catch (error) {
  if (!(error instanceof ModelListError)) throw error;
  console.error(`${path.relative(process.cwd(), file) || file}: ${error.message}`);
  process.exitCode = 1;
}
