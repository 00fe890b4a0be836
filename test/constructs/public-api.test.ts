/** The package's public face: what the index exports, and every optional construct prop documents its default. */
import * as fs from 'fs';
import * as path from 'path';
import * as lib from '../../lib';

const CONSTRUCTS = path.join(__dirname, '..', '..', 'lib', 'constructs');

/** `readonly x?:` lines of a props file whose JSDoc just above has no `@default`. */
function undocumentedDefaults(source: string): string[] {
  const lines = source.split('\n');
  const missing: string[] = [];
  lines.forEach((line, i) => {
    const prop = /^\s*readonly (\w+)\?:/.exec(line);
    if (!prop) return;
    let doc = '';
    for (let j = i - 1; j >= 0 && /^\s*(\/\*\*|\*)/.test(lines[j]); j--) doc = lines[j] + doc;
    if (!doc.includes('@default')) missing.push(prop[1]);
  });
  return missing;
}

test('the checker finds an optional prop without @default', () => {
  expect(undocumentedDefaults('  /** x */\n  readonly a?: string;\n  /** @default 1 */\n  readonly b?: number;\n  readonly c: string;')).toEqual(['a']);
});

test('every optional prop of every construct has @default', () => {
  const missing = fs.readdirSync(CONSTRUCTS).flatMap((file) =>
    undocumentedDefaults(fs.readFileSync(path.join(CONSTRUCTS, file), 'utf8')).map((prop) => `${file}: ${prop}`));
  expect(missing).toEqual([]);
});

test('the index exports the constructs, ModelFleet and the list API, not file writers or the route simulator', () => {
  const names = Object.keys(lib);
  expect(names).toEqual(expect.arrayContaining([
    'ModelFleet', 'RayLlmService', 'ServeHealthCheck', 'ServeBackendPolicy', 'ModelGateway', 'ModelRoute', 'ServeBackend',
    'HttpsRedirectRoute', 'RouteGrant', 'AdapterConfigMap', 'ApiKeyPolicy', 'RayNetworkPolicy', 'RayEgressPolicy',
    'RouterExtension', 'RouterHealthCheck', 'ServiceExport', 'loadModelList', 'ModelListError', 'planModels', 'buildCharts',
  ]));
  for (const internal of ['synthesizeCharts', 'publishFolders', 'writeFiles', 'manifestFiles', 'deployFiles', 'resolveRayLlmServiceProps', 'objectMetadata', 'Problems']) {
    expect(names).not.toContain(internal);
  }
});
