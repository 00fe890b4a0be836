/**
 * Snapshot of the default synth: what a reviewer reads in a pull request. The facts behind it
 * are asserted in test/*.test.ts.
 */
import { defaultList, synthFiles } from './test/support/synth';

test('the default model list synthesizes the seed manifests', () => {
  expect(synthFiles(defaultList())).toMatchSnapshot();
});
