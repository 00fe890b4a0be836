/** Runs every `x-kubernetes-validations` rule on the path of an object's fields (see cel.ts for the semantics). */
import { evaluateRule, Schema, toCelValue, ValidationRule, withDefaults } from './cel';

export interface RuleReport {
  /** Broken rules and rules the library cannot run, as `<field path>: <message>`. */
  readonly errors: string[];
  /** Transition rules (they read `oldSelf`), not evaluated on create, as `<field path>: <rule>`. */
  readonly transitionRules: string[];
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function walk(value: unknown, schema: Schema | undefined, path: string, report: RuleReport): void {
  if (value === undefined || value === null || !schema) return;
  const rules: ValidationRule[] = schema['x-kubernetes-validations'] ?? [];
  for (const rule of rules) {
    const outcome = evaluateRule(rule, value);
    const at = path || '<root>';
    if (outcome.kind === 'transition') report.transitionRules.push(`${at}: ${rule.rule}`);
    if (outcome.kind === 'unsupported') report.errors.push(`${at}: ${outcome.message}`);
    if (outcome.kind === 'fail') {
      const where = outcome.fieldPath ? `${path}${outcome.fieldPath}` : at;
      report.errors.push(`${where}: Invalid value: "${schema.type ?? 'object'}": ${outcome.message}`);
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, schema.items, `${path}[${i}]`, report));
  } else if (typeof value === 'object') {
    const properties: Record<string, Schema> = schema.properties ?? {};
    const rest = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      walk(item, properties[key] ?? rest, rest && !properties[key] ? `${path}[${JSON.stringify(key)}]` : child(path, key), report);
    }
  }
}

/** Every rule of `schema` (the CRD version's openAPIV3Schema) on `object`. */
export function checkRules(object: unknown, schema: Schema): RuleReport {
  const report: RuleReport = { errors: [], transitionRules: [] };
  walk(toCelValue(withDefaults(object, schema), schema), schema, '', report);
  return report;
}
