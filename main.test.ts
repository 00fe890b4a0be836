/**
 * Snapshot of the default synth: what a reviewer reads in a pull request. The only test that reads
 * models.yaml: after editing the list, `npm run test:update` records the change here. The facts
 * behind it are asserted in test/*.test.ts, on fixture lists.
 */
import { loadModelList } from './lib';
import { DEFAULT_MODELS_FILE, synthFiles } from './test/support/synth';

test('models.yaml synthesizes the reviewed manifests', () => {
  expect(synthFiles(loadModelList(DEFAULT_MODELS_FILE))).toMatchSnapshot();
});
