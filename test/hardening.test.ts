/**
 * Issue 9, items 7 and 8: every number that becomes machines is bounded, Kubernetes' own rules for
 * Secret keys hold, ids are printable without whitespace, no input can forge a report line, and
 * reading a list never crashes (size cap, devices, alias bombs, deep nesting: one line each).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadModelList, ModelListError, planModels } from '../lib';
import { listProblems, problemsOf, planAnyList } from './support/problems';
import { ROOT } from './support/synth';
import { nodePools } from '../lib/plan/cluster-plan';

const ok = { id: 'gemma-2b-it', source: 'google/gemma-2b-it' };
const where = 'models[0] "gemma-2b-it"';

function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hardening-')), name);
  fs.writeFileSync(file, content);
  return file;
}

/** The problems loadModelList reports for a file; fails the test when the file loads. */
function loadProblems(file: string): string[] {
  const problems = problemsOf(() => loadModelList(file));
  if (problems.length === 0) throw new Error('the file was loaded');
  return problems;
}

describe('bounds on numbers that become machines', () => {
  test('maxReplicas: 100000000 is refused (it became --num-nodes 100000000)', () => {
    expect(listProblems({ models: [{ ...ok, maxReplicas: 100000000 }] })).toEqual([
      `${where}: maxReplicas must be a whole number from 1 to 1000 (got 100000000)`,
    ]);
    expect(nodePools(planModels({ models: [{ ...ok, minReplicas: 1, maxReplicas: 1000 }] }))[0].nodes).toBe(1000);
  });

  test('min replicas, GPUs, adapters per replica and timeouts have maxima too', () => {
    expect(listProblems({ models: [{ ...ok, minReplicas: 5000, gpusPerReplica: 64, maxAdaptersPerReplica: 100000, timeoutSeconds: 1e9 }] })).toEqual([
      `${where}: gpusPerReplica must be a whole number from 1 to 16 (got 64)`,
      `${where}: minReplicas must be a whole number from 0 to 1000 (got 5000)`,
      `${where}: maxAdaptersPerReplica must be a whole number from 1 to 256 (got 100000)`,
      `${where}: timeoutSeconds must be a whole number from 1 to 86400 (got 1000000000)`,
    ]);
  });

  test('the GPU node pool of all models together stays within what a GKE cluster holds', () => {
    const models = Array.from({ length: 16 }, (_, i) => ({ id: `m${i}`, source: `o/m${i}`, minReplicas: 1, maxReplicas: 1000, upgrade: 'none' as const }));
    expect(listProblems({ models })).toEqual([
      'models: the nvidia-l4 node pool would need 16000 nodes for every model\'s maxReplicas; a GKE cluster holds at most 15000 nodes',
    ]);
    // 15 x 1000 GPU nodes fit one pool, but not beside the CPU pool: the limit is per cluster.
    expect(listProblems({ models: models.slice(0, 15) })).toEqual([expect.stringMatching(/^models: the cluster would need 150\d\d nodes during an upgrade \(default-pool \d+, gpu-nvidia-l4 15000\); a GKE cluster holds at most 15000 nodes$/)]);
    expect(() => planModels({ models: models.slice(0, 14) })).not.toThrow();
  });

  test('a number that overflows is reported as such, not as "got null"', () => {
    const file = tempFile('models.yaml', 'models:\n  - id: gemma-2b-it\n    source: google/gemma-2b-it\n    maxReplicas: 1e400\n    minReplicas: -.inf\n');
    expect(listProblems(loadModelList(file))).toEqual([
      `${where}: minReplicas must be a whole number from 0 to 1000 (got -infinity (the number is too large))`,
      `${where}: maxReplicas must be a whole number from 1 to 1000 (got infinity (the number is too large))`,
    ]);
  });
});

describe('Secret keys follow Kubernetes\' rule', () => {
  test.each([
    ['.', '.', 'may not be "."'],
    ['..', '..', 'may not be ".."'],
    ['..data', '..data', 'may not start with ".." (Kubernetes keeps such names for itself, e.g. "..data")'],
    ['..2026_11_26', '..2026_11_26', 'may not start with ".." (Kubernetes keeps such names for itself, e.g. "..data")'],
    ['254 characters', 'a'.repeat(254), 'is 254 characters long; Kubernetes allows at most 253'],
    ['a/b', 'a/b', 'may hold only letters, digits, "-", "_" and "."'],
  ])('key %s is refused', (_label, key, message) => {
    expect(listProblems({ huggingFaceSecret: { key }, models: [ok] })).toEqual([`huggingFaceSecret: key "${key}" ${message}`]);
  });

  test.each([['hf_api_token'], ['.hidden'], ['a..b'], ['TOKEN-1.txt'], ['253 characters', 'a'.repeat(253)]])('key %s is accepted', (label, key = label) => {
    expect(planModels({ huggingFaceSecret: { key }, models: [ok] }).huggingFaceSecretKey).toBe(key);
  });
});

describe('ids and aliases: printable characters without whitespace', () => {
  test.each([
    ['a NUL', 'gemma\u0000', 'U+0000 at position 6'],
    ['a bell', 'gem\u0007ma', 'U+0007 at position 4'],
    ['a line break', 'gemma\nx', 'U+000A at position 6'],
    ['a carriage return', 'gemma\r', 'U+000D at position 6'],
    ['a tab', 'gemma\tx', 'U+0009 at position 6'],
    ['a space', 'gemma 2b', 'U+0020 at position 6'],
    ['a leading space', ' gemma', 'U+0020 at position 1'],
    ['a no-break space', 'gemma\u00A0', 'U+00A0 at position 6'],
    ['a zero-width space', 'gem\u200Bma', 'U+200B at position 4'],
    ['a zero-width joiner', 'gem\u200Dma', 'U+200D at position 4'],
    ['a right-to-left override', '\u202Egemma', 'U+202E at position 1'],
    ['a byte order mark', 'gemma\uFEFF', 'U+FEFF at position 6'],
    ['a line separator', 'gemma\u2028', 'U+2028 at position 6'],
    ['a soft hyphen (Cf)', 'gem\u00ADma', 'U+00AD at position 4'],
  ])('an id with %s is refused', (_what, id, found) => {
    const problems = listProblems({ models: [{ id, source: 'o/m', name: 'gemma' }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`: id holds ${found}; only printable characters without whitespace are allowed`);
  });

  test.each([['qwen-2.5-3b'], ['meta-llama/Llama-3.1-8B-Instruct'], ['model:v2'], ['4096 characters', 'a'.repeat(4096)]])('id %s is accepted', (label, id = label) => {
    expect(planModels({ models: [{ id, source: 'o/m', name: 'm' }] }).models[0].id).toBe(id);
  });
});

describe('no input forges a line of the report', () => {
  test('a line break in an id, a namespace or an unknown field stays inside its one line', () => {
    const forged = 'x\n  - models[7] "y": everything is fine';
    try {
      planAnyList({ namespace: forged, [`bad\r\nfield`]: 1, models: [{ id: forged, source: 'o/m', name: 'x' }, { id: 'ok\u2028ok', source: 'o/m', name: 'y' }] });
      throw new Error('accepted');
    } catch (error) {
      const { problems, message } = error as ModelListError;
      expect(message.split('\n')).toHaveLength(problems.length + 1);
      for (const problem of problems) expect(problem).not.toMatch(/[\r\n\u2028\u2029\u0000-\u001F]/);
      expect(problems).toContain('model list: unknown field "bad\\u000D\\u000Afield" (known: release, namespace, gateway, huggingFaceSecret, network, security, governance, clusters, models, defaultModel, upgrade, gitops, modelCache, router)');
      expect(problems).toContain('models[0] "x\\u000A  - models[7] "y": everything is fine": id holds U+000A at position 2; only printable characters without whitespace are allowed');
      expect(problems).toContain('models[1] "ok\\u2028ok": id holds U+2028 at position 3; only printable characters without whitespace are allowed');
    }
  });
});

describe('reading the list never crashes', () => {
  const parseLine = /^[^\n]+:\d+: YAML: [^\n]+$/;

  test('a YAML alias bomb is a clear error naming the line, not ReferenceError', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const file = tempFile('bomb.yaml', [...lines, 'models: *a9', ''].join('\n'));
    const problems = loadProblems(file);
    expect(problems).toEqual([`${file}:2: YAML: aliases (*name) expand to too much data (at most 100 alias expansions); write the values out`]);
  });

  test('a file larger than 4 MiB is refused before it is read (a 50 MB value)', () => {
    const file = tempFile('big.yaml', `models: "${'x'.repeat(50 * 1024 * 1024)}"\n`);
    const started = Date.now();
    expect(loadProblems(file)).toEqual(['the file is 52428811 bytes; a model list may be at most 4194304 bytes (4 MiB)']);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(() => loadModelList(tempFile('fits.yaml', `models: []\n# ${'x'.repeat(4 * 1024 * 1024 - 100)}\n`))).not.toThrow();
  });

  test('devices, folders and pipes are refused without reading them', () => {
    expect(loadProblems('/dev/zero')).toEqual(['the file is a device, not a model list']);
    expect(loadProblems(os.tmpdir())).toEqual(['the file is a folder, not a model list']);
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hardening-')), 'pipe');
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(loadProblems(fifo)).toEqual(['the file is a pipe, not a model list']);
  });

  test('bytes that are not UTF-8 are refused', () => {
    expect(loadProblems(tempFile('latin1.yaml', Buffer.from([0x6d, 0x6f, 0x64, 0x65, 0x6c, 0x73, 0x3a, 0x20, 0xe9, 0x0a])))).toEqual(['the file is not UTF-8 text']);
  });

  test.each([
    ['bad indentation', 'models:\n  - id: a\n   source: x\n', 3],
    ['a duplicate key', 'models: []\nnamespace: a\nnamespace: b\n', 3],
    ['a tab indentation', 'models:\n\t- id: a\n', 2],
    ['an unclosed quote (where the input ends)', 'namespace: a\nmodels: "abc\n', 3],
  ])('%s reads file:line: message', (_what, text, line) => {
    const file = tempFile('models.yaml', text);
    const problems = loadProblems(file);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].startsWith(`${file}:${line}: YAML: `)).toBe(true);
    for (const problem of problems) expect(problem).toMatch(parseLine);
  });

  test('nesting deep enough to exhaust the stack is one line, no stack', () => {
    const problems = loadProblems(tempFile('deep.yaml', `${'['.repeat(100000)}${']'.repeat(100000)}`));
    expect(problems.length).toBeLessThanOrEqual(11);
    for (const problem of problems) expect(problem).toMatch(parseLine);
  });

  test('through the app: an alias bomb exits 1 with the message and no stack', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const file = tempFile('models.yaml', [...lines, 'models: *a9', ''].join('\n'));
    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], { cwd: ROOT, env: { ...process.env, MODELS_FILE: file }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:2: YAML: aliases (*name) expand to too much data`);
    expect(result.stderr).not.toMatch(/ReferenceError|\n\s+at /);
  });
});
