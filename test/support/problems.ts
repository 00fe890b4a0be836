/** The problems a model list or file is refused with (a ModelListError's lines). */
import { ModelListError, ModelListSpec, ModelPlan, planModels } from '../../lib';

/** The problems `action` throws as a ModelListError; [] when it succeeds. Any other error fails the test. */
export function problemsOf(action: () => unknown): string[] {
  try {
    action();
    return [];
  } catch (error) {
    if (!(error instanceof ModelListError)) throw error;
    return [...error.problems];
  }
}

/** The problems planModels reports for a list; fails the test when the list is accepted. */
export function listProblems(list: unknown): string[] {
  const problems = problemsOf(() => planAnyList(list));
  if (problems.length === 0) throw new Error('the list was accepted');
  return problems;
}

/** planModels on any value a test builds, wrong ones included: the border check (lib/list/check-list.ts) takes whatever it is given. */
export function planAnyList(list: unknown): ModelPlan {
  return planModels(list as ModelListSpec);
}
