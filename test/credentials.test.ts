/** Issue #21: no credential reaches a manifest in clear text; refusals never echo the value; odd keys. */
import { loadModelList, planModels } from '../lib';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listProblems } from './support/problems';
import { ofKind, synthObjects } from './support/synth';

const model = (extra: Record<string, unknown> = {}) => ({ id: 'm', source: 'org/m', ...extra });
const problemsOf = (extra: Record<string, unknown>) => listProblems({ models: [model(extra)] });

/** Made-up values of each credential form (none is a real credential). */
const VALUES: Record<string, string> = {
  'a Hugging Face token': 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  'a Google API key': `AIza${'Sy0123456789abcdefghijklmnopqrstuvw'.slice(0, 35)}`,
  'a private key': '-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----',
  'a JSON Web Token': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'an AWS access key id': 'AKIAIOSFODNN7EXAMPLE',
  'a GitHub token': `ghp_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}`,
  'an OpenAI API key': 'sk-proj-abcdefghijklmnopqrstuvwxyz0123',
};

describe('engineKwargs that carry credentials', () => {
  test.each(['hf_token', 'api_key', 'HF_TOKEN2'])('engineKwargs.%s is refused with the Secret-reference alternative, the value not echoed', (key) => {
    const problems = problemsOf({ engineKwargs: { [key]: 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345' }, allowUnknownEngineKwargs: 'newer vLLM' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`engineKwargs.${key} would write a credential in clear text to serveConfigV2`);
    expect(problems[0]).toContain('env: { NAME: { secretKeyRef: { name: <secret>, key: <key> } } }');
    expect(problems[0]).not.toContain('hf_AbCd');
  });

  test('a credential value anywhere inside engineKwargs is refused by value, the path named', () => {
    const problems = problemsOf({ engineKwargs: { hf_overrides: { nested: [VALUES['a Google API key']] } } });
    expect(problems).toEqual([expect.stringContaining('engineKwargs.hf_overrides.nested[0] holds what looks like a Google API key (the value is not shown)')]);
    expect(problems[0]).not.toContain('AIza');
  });

  test('a key such as toString or constructor gives the unknown-argument message, no native code', () => {
    const problems = problemsOf({ engineKwargs: { toString: 1, constructor: 2 } });
    expect(problems).toHaveLength(2);
    for (const p of problems) {
      expect(p).not.toContain('native code');
      expect(p).toContain('is not a vLLM');
    }
  });
});

describe('literal env values are checked by value', () => {
  test.each(Object.entries(VALUES))('%s under a harmless name is refused; the message names the kind, not the value', (kind, value) => {
    const problems = problemsOf({ env: { SOME_SETTING: value } });
    expect(problems).toEqual([`models[0] "m": env.SOME_SETTING holds what looks like ${kind} (the value is not shown) and would be written in clear text to dist/; reference a Secret instead: SOME_SETTING: { secretKeyRef: { name: <secret>, key: <key> } }`]);
    expect(problems[0]).not.toContain(value.slice(0, 12));
  });

  test('ordinary values pass', () => {
    const plan = planModels({ models: [model({ env: { VLLM_LOGGING_LEVEL: 'DEBUG', HF_HUB_ENABLE_HF_TRANSFER: '1', URL: 'https://example.com/sk-1', SHORT: 'hf_abc' } })] });
    expect(Object.keys(plan.models[0].deployments[0].env)).toEqual(['VLLM_LOGGING_LEVEL', 'HF_HUB_ENABLE_HF_TRANSFER', 'URL', 'SHORT']);
  });
});

describe('credential names: broader than "_"-separated segments', () => {
  test.each(['HF_TOKEN2', 'HFTOKEN', 'HUGGINGFACEHUBTOKEN', 'HF_AUTH', 'PRIVATE_KEY_PEM', 'AWS_ACCESS_KEY_ID', 'db_passwd', 'SSH_PASSPHRASE'])('%s with a literal value is refused, the value not echoed', (name) => {
    const problems = problemsOf({ env: { [name]: 'not-a-known-form-value' } });
    expect(problems).toEqual([`models[0] "m": env.${name} looks like a credential and would be written in clear text to dist/; reference a Secret instead: ${name}: { secretKeyRef: { name: <secret>, key: <key> } }`]);
  });

  test('names that only contain a credential-like part pass', () => {
    expect(() => planModels({ models: [model({ env: { TOKENIZERS_PARALLELISM: 'false', KEYBOARD_LAYOUT: 'us', AUTHOR: 'me', MONKEY: 'x' } })] })).not.toThrow();
  });

  test('a refused non-string env value is described, not echoed', () => {
    const problems = problemsOf({ env: { X: { value: 'hunter2-secret-value' } } });
    expect(problems[0]).toContain('(got a map with "value")');
    expect(problems[0]).not.toContain('hunter2');
  });
});

describe('env "__proto__" is a variable like any other', () => {
  test('from a file: written to the containers, not dropped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proto-'));
    const file = path.join(dir, 'models.yaml');
    fs.writeFileSync(file, 'models:\n  - id: m\n    source: org/m\n    env:\n      __proto__: "x"\n      OTHER: "y"\n');
    const objects = synthObjects(loadModelList(file));
    fs.rmSync(dir, { recursive: true, force: true });
    const env = ofKind(objects, 'RayService')[0].spec.rayClusterConfig.headGroupSpec.template.spec.containers[0].env;
    expect(env.filter((e: { name: string }) => ['__proto__', 'OTHER'].includes(e.name))).toEqual([{ name: '__proto__', value: 'x' }, { name: 'OTHER', value: 'y' }]);
  });
});
