/** A model list that cannot be synthesized: one line per problem, each naming the model and the field. */
export class ModelListError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`The model list has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ModelListError';
  }
}
