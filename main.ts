/**
 * `npx cdk8s synth` runs this file. It reads the model list (models.yaml, or the file named by
 * MODELS_FILE), validates it, synthesizes into the CLI's output folder (.synth/) and, only then,
 * replaces dist/ with the result (a folder per namespace) and writes deploy/ (router values, cluster plan). An invalid
 * list exits 1 and leaves dist/ and deploy/ as they were.
 */
import * as path from 'path';
import { buildCharts, deployFiles, loadModelList, ModelListError, planModels, publishDirectory, synthesizeCharts, writeDirectory } from './lib';

const root = __dirname;
const modelsFileName = process.env.MODELS_FILE ?? 'models.yaml';
const modelsFile = path.resolve(process.env.MODELS_FILE ?? path.join(root, 'models.yaml'));
const stagingDir = path.resolve(process.env.CDK8S_OUTDIR ?? path.join(root, '.synth'));
const distDir = path.resolve(process.env.DIST_DIR ?? path.join(root, 'dist'));
const deployDir = path.resolve(process.env.DEPLOY_DIR ?? path.join(root, 'deploy'));
/** `cdk8s synth --output elsewhere` (or --stdout) only writes there; the configured staging folder publishes. */
const publishToDist = stagingDir === path.join(root, '.synth');

function main(): void {
  const plan = planModels(loadModelList(modelsFile));
  // stderr: the cdk8s CLI swallows the app's stdout.
  for (const warning of plan.warnings ?? []) console.error(`${modelsFileName}: warning: ${warning}`);
  synthesizeCharts(buildCharts(plan), stagingDir);
  if (publishToDist) {
    publishDirectory(stagingDir, distDir);
    writeDirectory(deployDir, deployFiles(plan, path.relative(root, deployDir), path.relative(root, distDir)));
    // stderr: the cdk8s CLI swallows the app's stdout.
    console.error(`${plan.models.length} models from ${modelsFileName} -> ${process.env.DIST_DIR ?? 'dist'}/`);
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof ModelListError)) throw error;
  console.error(`${modelsFileName}: ${error.message}`);
  console.error('Nothing was written; dist/ and deploy/ are unchanged.');
  process.exit(1);
}
