/**
 * The step file deploy/cluster-steps.tsv that scripts/cluster.sh executes: its types and renderer.
 *
 * File format (read by bash with `IFS=$'\t' read -r -a`, never eval'd or sourced): one line per
 * item, fields separated by one TAB, the first field the kind. A step starts with
 * `step<TAB>up|down<TAB>id<TAB>description`; its lines follow:
 *   needs ID      skip unless step ID found (or made) its resource
 *   dir PATH      skip unless PATH is a folder (manifests of a namespace)
 *   check ARGV    exists: exit 0; absent: fails saying "not found"; any other failure stops
 *   listed ARGV   exists: prints something (followed by `among LINE`: prints LINE as one of its lines)
 *   prepare ARGV  run whenever the resource exists (also by `plan`): credentials
 *   token ARGV    gets the HF token on stdin (the first) or the previous token line's output;
 *                 the last one's output is the stdin of the next create (one pipeline)
 *   create ARGV   up: run when absent (always, without a check)
 *   delete ARGV   down: run when present (always, without a check)
 *   inuse GLOB... after the last delete: when it fails with output matching one of these bash
 *                 patterns (the resource is used by something else), down reports "kept: in use",
 *                 goes on, and exits 3 at the end; any other failure stops it
 *   observe ARGV / expect VALUE / converge ARGV / replace ARGV
 *                 up, resource present: when ARGV prints other than VALUE, run the converge
 *                 commands; the replace commands are printed, and run only with --yes
 *   accept GLOB...   instead of expect: ARGV's output must match one of these bash patterns
 *   stop MESSAGE     after expect/accept: on a mismatch `up` and `plan` print MESSAGE and stop
 *                    (exit 1) before any later step; nothing after it is changed
 *   warn MESSAGE     after expect/accept: on a mismatch print MESSAGE as a warning, go on
 *   diff ARGV     `plan` runs it to show what an always-applied step would change
 *   inventory ARGV / keep NAME / prune ARGV
 *                 up and plan: ARGV lists what cluster.sh created and marked (one NAME, or KIND/NAME,
 *                 a line); each one not kept is left the list: plan prints its prune command ({item}
 *                 = the name), up prints it and runs it only with --yes
 * Placeholders the script fills in: {project} {project-number} {cluster} {location} {region} {network}.
 */

import { argvProblem } from './cluster-step-grammar';

export type Argv = readonly string[];
export interface Observation {
  readonly argv: Argv;
  /** The exact output wanted (or `accept`). */
  readonly expect?: string;
  /** Bash glob patterns, one of which the output must match (instead of `expect`). */
  readonly accept?: readonly string[];
  readonly converge?: readonly Argv[];
  readonly replace?: readonly Argv[];
  /** On a mismatch: stop with this message (the fix), or only warn with it. */
  readonly stop?: string;
  readonly warn?: string;
}
export interface ClusterStep {
  readonly phase: 'up' | 'down';
  readonly id: string;
  readonly description: string;
  readonly needs?: string;
  readonly dir?: string;
  readonly check?: Argv;
  readonly listed?: Argv;
  /** With `listed`: the resource exists when this is one of the lines it prints. */
  readonly among?: string;
  readonly prepare?: readonly Argv[];
  /** Commands piped in order: the first gets the HF token on stdin; the last one's output is the stdin of the next create. */
  readonly token?: readonly Argv[];
  readonly create?: readonly Argv[];
  readonly delete?: readonly Argv[];
  /** Bash glob patterns: a failure of the last delete whose output matches one is "kept: in use", not fatal. */
  readonly inUse?: readonly string[];
  readonly observe?: readonly Observation[];
  readonly diff?: Argv;
  readonly inventory?: Argv;
  readonly keep?: readonly string[];
  readonly prune?: Argv;
}

/** A positional value: never one that a command would read as an option. */
export function value(text: string): string {
  if (text.startsWith('-')) throw new Error(`cluster plan: value "${text}" starts with "-" and would be read as an option`);
  return text;
}
export const flag = (name: string, text: string) => `--${name}=${text}`;

/** A field of the step file: no TAB, line break, NUL or other control character, not empty. */
function field(text: string): string {
  if (text === '' || /[\u0000-\u001f\u007f]/.test(text)) throw new Error(`cluster plan: ${JSON.stringify(text)} cannot be written as one field of the step file`);
  return text;
}

const line = (kind: string, words: readonly string[]) => [kind, ...words].map(field).join('\t');
/** A command line: only what the step grammar allows (lib/plan/cluster-step-grammar.ts). */
const command = (kind: string, argv: Argv) => {
  const problem = argvProblem(argv);
  if (problem) throw new Error(`cluster plan: ${problem}: ${argv.join(' ')}`);
  return line(kind, argv);
};
/** The kinds of line that hold a command, and those that hold one value. */
export const COMMAND_KINDS = ['check', 'listed', 'prepare', 'token', 'create', 'delete', 'observe', 'converge', 'replace', 'diff', 'inventory', 'prune'];
export const VALUE_KINDS = ['needs', 'dir', 'expect', 'keep', 'stop', 'warn', 'among'];

/** The steps as the TAB-separated step file. */
export function renderClusterSteps(steps: readonly ClusterStep[]): string {
  const out = [
    '# Generated by `npx cdk8s synth` from the model list. Do not edit.',
    '# Executed by scripts/cluster.sh (read field by field, never eval\'d). Format: lib/plan/cluster-steps.ts.',
  ];
  for (const s of steps) {
    out.push(line('step', [s.phase, s.id, s.description]));
    if (s.needs) out.push(line('needs', [s.needs]));
    if (s.dir) out.push(line('dir', [s.dir]));
    if (s.check) out.push(command('check', s.check));
    if (s.listed) out.push(command('listed', s.listed));
    if (s.among) out.push(line('among', [s.among]));
    for (const argv of s.token ?? []) out.push(command('token', argv));
    for (const argv of s.create ?? []) out.push(command('create', argv));
    for (const argv of s.prepare ?? []) out.push(command('prepare', argv));
    for (const argv of s.delete ?? []) out.push(command('delete', argv));
    if (s.inUse) out.push(line('inuse', s.inUse));
    for (const o of s.observe ?? []) {
      out.push(command('observe', o.argv), o.accept ? line('accept', o.accept) : line('expect', [o.expect!]));
      for (const argv of o.converge ?? []) out.push(command('converge', argv));
      for (const argv of o.replace ?? []) out.push(command('replace', argv));
      if (o.stop) out.push(line('stop', [o.stop]));
      if (o.warn) out.push(line('warn', [o.warn]));
    }
    if (s.diff) out.push(command('diff', s.diff));
    if (s.inventory) out.push(command('inventory', s.inventory));
    for (const name of s.keep ?? []) out.push(line('keep', [name]));
    if (s.prune) out.push(command('prune', s.prune));
  }
  return out.join('\n') + '\n';
}
