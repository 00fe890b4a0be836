/**
 * The responder's nginx configuration: every answer is written into it at synth (`return` with
 * the JSON text), so nginx reads no file but this one, writes only under /tmp and needs no module
 * beyond the core http ones. Paths are matched exactly (`location =`, case-sensitive; nginx
 * compares the decoded path, so `/v1/models/base%3Aadapter` finds `base:adapter`); anything else
 * is OpenAI's 404 error. Checked with the real nginx in test/model-list.test.ts.
 */
import { MODEL_NOT_FOUND_BODY, MODELS_PATH, modelListBody, modelObject } from '../facts/openai';

/** The path the health check (and the kubelet's probes) ask. */
export const MODEL_LIST_HEALTH_PATH = '/healthz';

/**
 * Text inside an nginx double-quoted string: backslash and quote escaped, and `$` (which nginx
 * reads as a variable in `return`) written as the `$dollar` variable the config defines.
 */
export function nginxString(text: string, variables = true): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `"${variables ? escaped.replace(/\$/g, '${dollar}') : escaped}"`;
}

/** The config for these ids (in order), listening on `port`, temp files in `tmpDir`. */
export function modelListNginxConfig(ids: readonly string[], port: number, tmpDir = '/tmp'): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${tmpDir}/${t};`);
  const objects = ids.map((id) => `    location = ${nginxString(`${MODELS_PATH}/${id}`, false)} { return 200 ${nginxString(JSON.stringify(modelObject(id)))}; }`);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${tmpDir}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 512; }',
    'http {',
    '  access_log off;',
    '  server_tokens off;',
    '  default_type application/json;',
    ...temp,
    '  # "$" in a model id: nginx has no escape for it in return text, so it comes from this variable.',
    '  geo $dollar { default "$"; }',
    '  server {',
    `    listen ${port};`,
    `    location = ${MODEL_LIST_HEALTH_PATH} { default_type text/plain; return 200 "ok\\n"; }`,
    `    location = ${MODELS_PATH} { return 200 ${nginxString(modelListBody(ids))}; }`,
    ...objects,
    `    location / { return 404 ${nginxString(MODEL_NOT_FOUND_BODY)}; }`,
    '  }',
    '}',
    '',
  ].join('\n');
}
