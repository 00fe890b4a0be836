/**
 * Ray's own Serve schema judges every serveConfigV2 we write: scripts/real/serve_check.py
 * (ServeDeploySchema, and Ray Serve LLM's LLMServingArgs/LLMConfig for the build_openai_app
 * applications) in a venv per Ray version the library supports (RAY_VERSIONS of
 * scripts/real/versions.env), one Python process per version for all lists.
 */
import { spawnSync } from 'child_process';
import { parse, stringify } from 'yaml';
import { everyList } from './support/every-list';
import { describeWithReal, missingTool, rayPython, rayVersions, SERVE_CHECK } from './support/real-tools';
import { defaultList, ofKind, synthObjects } from './support/synth';

interface Entry { name: string; serveConfigV2: string }

const entries: Entry[] = everyList().flatMap(([list, spec]) =>
  ofKind(synthObjects(spec), 'RayService').map((o) => ({ name: `${list}: ${o.metadata.namespace}/${o.metadata.name}`, serveConfigV2: o.spec.serveConfigV2 as string })),
);

/** The seed's first serveConfigV2 with `edit` applied to its first LLMConfig. */
function broken(name: string, edit: (llmConfig: Record<string, unknown>) => void): Entry {
  const config = parse(ofKind(synthObjects(defaultList()), 'RayService')[0].spec.serveConfigV2);
  edit(config.applications[0].args.llm_configs[0]);
  return { name, serveConfigV2: stringify(config) };
}

const BROKEN: Entry[] = [
  broken('broken: an unknown LLMConfig field', (c) => { c.max_replicas_typo = 2; }),
  broken('broken: a wrong type', (c) => { c.log_engine_metrics = 'sometimes'; }),
  broken('broken: an unknown field of model_loading_config', (c) => { (c.model_loading_config as Record<string, unknown>).model_alias = 'x'; }),
];

interface Verdict { rayVersion: string; results: Record<string, string[]>; status: number | null; stderr: string }

/** One process per Ray version judges every entry. */
function judge(version: string, batch: Entry[]): Verdict {
  const run = spawnSync(rayPython(version), [SERVE_CHECK, '--many'], { input: JSON.stringify(batch), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (!run.stdout) throw new Error(`serve_check.py (Ray ${version}) printed nothing: ${run.stderr}`);
  return { ...JSON.parse(run.stdout), status: run.status, stderr: run.stderr };
}

const versions = rayVersions();

test('the Ray versions judged are the seed default and a newer release', () => {
  expect(versions).toEqual(expect.arrayContaining(['2.54.0', '2.60.0']));
  expect(entries.length).toBeGreaterThanOrEqual(20);
});

for (const version of versions) {
  describeWithReal(`Ray ${version}'s own Serve schema`, missingTool([rayPython(version)], 'scripts/real/install-python.sh'), () => {
    let verdict: Verdict;
    beforeAll(() => { verdict = judge(version, [...entries, ...BROKEN]); }, 300_000);

    test('the venv is the pinned Ray version', () => {
      expect(verdict.rayVersion).toBe(version);
    });

    test('accepts every serveConfigV2 of every list and example', () => {
      const refused = entries.filter((e) => verdict.results[e.name].length > 0).map((e) => `${e.name}: ${verdict.results[e.name].join('\n')}`);
      expect(refused).toEqual([]);
    });

    test('refuses an unknown LLMConfig field with pydantic\'s own message', () => {
      const messages = verdict.results['broken: an unknown LLMConfig field'].join('\n');
      expect(messages).toMatch(/validation error for LLMServingArgs/);
      expect(messages).toMatch(/llm_configs\.(0\.)?max_replicas_typo\n\s+Extra inputs are not permitted/);
      expect(verdict.status).toBe(1);
    });

    test('refuses a wrong type with pydantic\'s own message', () => {
      expect(verdict.results['broken: a wrong type'].join('\n')).toMatch(/log_engine_metrics\n\s+Input should be a valid boolean/);
      expect(verdict.results['broken: an unknown field of model_loading_config'].join('\n')).toMatch(/model_loading_config\n\s+Value error, Invalid model_loading_config: .*'model_alias': 'x'/);
    });

    test('the single-config CLI: exit 0 when accepted, 1 with Ray\'s message on stderr when not', () => {
      const ok = spawnSync(rayPython(version), [SERVE_CHECK], { input: entries[0].serveConfigV2, encoding: 'utf8' });
      expect([ok.status, ok.stderr]).toEqual([0, '']);
      const bad = spawnSync(rayPython(version), [SERVE_CHECK], { input: BROKEN[0].serveConfigV2, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/Extra inputs are not permitted/);
    });
  });
}
