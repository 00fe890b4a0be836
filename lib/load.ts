/** Reads a model list file (YAML or JSON). Syntax errors become ModelListErrors naming the line. */
import * as fs from 'fs';
import { parseDocument } from 'yaml';
import { ModelListError } from './model-list-error';

export function loadModelList(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ModelListError([`the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ModelListError(doc.errors.map((e) => `YAML: ${e.message.split('\n')[0].replace(/:$/, '')}`));
  }
  return doc.toJS();
}
