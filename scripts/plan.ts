/**
 * `npm run plan`: the capacity plan of a model list, per cluster: pools x nodes (steady / during an
 * all-model upgrade), GPUs and an estimated monthly price (lib/plan/capacity-summary.ts).
 *
 * Usage: npm run plan -- [LIST_FILE]   (default: models.yaml; RLG_MODELS_FILE is honoured too)
 * Exit status: 0 planned, 1 an invalid list (its problems on stderr).
 */
import * as path from 'path';
import { loadModelList, ModelListError, planModels } from '../lib';
import { capacityLines, PRICE_NOTE } from '../lib/plan/capacity-summary';
import { invocationDir } from './npm-args';

const arg = process.argv.slice(2).find((a) => a !== '--');
const file = path.resolve(invocationDir(process.env, 'plan'), arg ?? process.env.RLG_MODELS_FILE ?? 'models.yaml');
try {
  const plan = planModels(loadModelList(file));
  for (const line of capacityLines(plan)) console.log(line);
  console.log(`Prices: ${PRICE_NOTE}.`);
} catch (error) {
  if (!(error instanceof ModelListError)) throw error;
  console.error(`${path.relative(process.cwd(), file) || file}: ${error.message}`);
  process.exitCode = 1;
}
