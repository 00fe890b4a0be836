/**
 * The app's output layer (not library API): publishing dist/ and deploy/ together, the lock, the
 * manifest files and the deploy/ files. main.ts imports from here.
 */
export * from './publish';
export * from './lock';
export * from './manifest-files';
export * from './output-memory';
export { deployFiles } from '../plan/deploy-files';
export { chartFilesOnDemand } from '../charts/app';
export * from './committed-output';
