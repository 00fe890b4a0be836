/** The problems planModels reports for a list; fails the test when the list is accepted. */
import { ModelListError, planModels } from '../../lib';

export function listProblems(list: unknown): string[] {
  try {
    planModels(list);
  } catch (error) {
    if (!(error instanceof ModelListError)) throw error;
    return [...error.problems];
  }
  throw new Error('the list was accepted');
}
