/**
 * Evaluates a CRD schema's `x-kubernetes-validations` rules the way a Kubernetes API server does on
 * create (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules):
 *   - `self` is the value at the schema node that carries the rule;
 *   - a rule that reads `oldSelf` is a transition rule: on create there is no old object, so it is
 *     not evaluated, and the caller reports it as skipped;
 *   - a rule evaluating to false fails with `messageExpression`'s result, else `message`, else
 *     `failed rule: <rule>`; a rule that errors (e.g. `no such key`) fails with
 *     `<error> evaluating rule: <message or rule>` (the server's wording);
 *   - integers: JSON has one number type, CEL has int and double. A value whose schema says
 *     `type: integer` (or `x-kubernetes-int-or-string`) becomes a CEL int (BigInt), any other number a double.
 *
 * CEL library: @marcbachmann/cel-js (MIT, zero dependencies). Tried against the 78 distinct rules in
 * imports/schemas: it parses all of them and has every function they use (has, size, all, exists,
 * exists_one, filter, matches, contains, startsWith, endsWith, split, duration). `cel-js` 0.8.2 fails to
 * parse 4 of them (the Gateway API's raw strings `r"""..."""`) and is slower by its README's benchmark.
 * A rule calling a function the library lacks (Kubernetes' `isURL`, `quantity`, ... are not in it)
 * is an error naming the rule, never a silent pass.
 */
import { Environment } from '@marcbachmann/cel-js';
import { rewriteHas } from './has-rewrite';

export type Schema = Record<string, any>;

export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/** The outcome of one rule on one value. */
export type RuleOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail'; readonly message: string; readonly fieldPath?: string }
  | { readonly kind: 'transition' }
  | { readonly kind: 'unsupported'; readonly message: string };

type Program = ((context: Record<string, unknown>) => unknown) & { ast: unknown };

const programs = new Map<string, Program>();

/** `self` and (for the transition-rule check) anything else is dynamically typed, as in the library's evaluate(). */
const env = new Environment({ unlistedVariablesAreDyn: true }).registerFunction(
  'hasField(dyn, string): bool',
  (value: unknown, field: string) => typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, field),
);

function compile(expression: string): Program {
  let program = programs.get(expression);
  if (!program) {
    program = env.parse(rewriteHas(expression)) as unknown as Program;
    programs.set(expression, program);
  }
  return program;
}

/** Whether an expression reads the variable `name` anywhere (a transition rule reads `oldSelf`). */
function readsVariable(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((child) => readsVariable(child, name));
  if (typeof node !== 'object' || node === null) return false;
  const { op, args } = node as { op?: string; args?: unknown };
  if (op === 'id') return args === name;
  return readsVariable(args, name);
}

/** Errors that mean the library cannot run the rule (not that the object breaks it). */
const UNSUPPORTED = /no matching overload|unknown function|not a function|Unknown variable|invalid argument/i;

/** Whether `rule` is a transition rule (reads `oldSelf`), which only runs on update. */
export function isTransitionRule(rule: ValidationRule): boolean {
  return readsVariable(compile(rule.rule).ast, 'oldSelf');
}

function errorText(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0].trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function failureMessage(rule: ValidationRule, self: unknown): string {
  if (rule.messageExpression) {
    try {
      const message = compile(rule.messageExpression)({ self });
      if (typeof message === 'string' && message.trim() !== '') return message;
    } catch {
      // The server falls back to message (or the rule) when messageExpression fails.
    }
  }
  return rule.message?.trim() || `failed rule: ${rule.rule.trim()}`;
}

/** Evaluates one rule with `self` already converted by toCelValue. */
export function evaluateRule(rule: ValidationRule, self: unknown): RuleOutcome {
  if (isTransitionRule(rule)) return { kind: 'transition' };
  let result: unknown;
  try {
    result = compile(rule.rule)({ self });
  } catch (error) {
    const text = errorText(error);
    if (UNSUPPORTED.test(text)) {
      return { kind: 'unsupported', message: `the CEL library cannot evaluate rule ${JSON.stringify(rule.rule)}: ${text}` };
    }
    return { kind: 'fail', message: `${text} evaluating rule: ${rule.message?.trim() || rule.rule.trim()}`, fieldPath: rule.fieldPath };
  }
  if (result === true) return { kind: 'pass' };
  if (result === false) return { kind: 'fail', message: failureMessage(rule, self), fieldPath: rule.fieldPath };
  return { kind: 'unsupported', message: `rule ${JSON.stringify(rule.rule)} returned ${String(result)}, not a bool` };
}

/** A JSON value as CEL sees it under `schema`: integers as CEL ints, the rest as is. */
export function toCelValue(value: unknown, schema: Schema | undefined): unknown {
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true;
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema?.items));
  if (typeof value === 'object' && value !== null) {
    const properties: Record<string, Schema> = schema?.properties ?? {};
    const rest = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCelValue(v, properties[k] ?? rest)]));
  }
  return value;
}

/**
 * The object as the API server validates it: schema `default`s filled in where a field is unset
 * (defaulting runs before validation), recursively, without changing the caller's object.
 */
export function withDefaults(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withDefaults(item, schema.items));
  const properties: Record<string, Schema> = schema.properties ?? {};
  const rest = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as Schema) : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = withDefaults(item, properties[key] ?? rest);
  for (const [key, property] of Object.entries(properties)) {
    if (out[key] === undefined && property.default !== undefined) out[key] = withDefaults(property.default, property); // copies (and stays in this realm)
  }
  return out;
}
