/**
 * `governance.apiKeySecret`: a Secret holding one API key the Gateway accepts, which
 * `cluster.sh test` sends (from the Secret, never on a command line). Who checks the key decides
 * whether the list may have one (lib/facts/api-keys.ts): with `governance.apigee` Apigee does;
 * without it only Ray could, and no supported Ray version does, so each model is refused by name.
 */
import { API_KEY_ALTERNATIVES, APIGEE_API_KEY_HEADER, RAY_VERSIONS_READ_FOR_API_KEYS, rayChecksApiKeys } from '../facts/api-keys';
import { DEFAULT_API_KEY_SECRET_KEY } from '../list/defaults';
import { ApiKeySecretSpec } from '../list/list-spec';
import { Problems } from '../list/problems';
import { PlannedApiKeySecret, PlannedModel } from './model-plan';
import { labelProblem, secretKeyProblem } from './names';

const WHERE = 'governance apiKeySecret';

export type { PlannedApiKeySecret };

export function planApiKeySecret(problems: Problems, spec: ApiKeySecretSpec | undefined, apigee: boolean, models: readonly { where: string; model: PlannedModel }[]): PlannedApiKeySecret | undefined {
  if (spec === undefined) return undefined;
  const name = spec.name;
  const nameIssue = name ? labelProblem(name) : undefined;
  if (nameIssue) problems.add(WHERE, `name "${name}" ${nameIssue}`);
  const key = spec.key ?? DEFAULT_API_KEY_SECRET_KEY;
  const keyIssue = secretKeyProblem(key);
  if (keyIssue) problems.add(WHERE, `key "${key}" ${keyIssue}`);
  if (!apigee) {
    // Without Apigee the key would have to be checked by each model's Ray Serve app.
    for (const { where, model } of models) {
      for (const deployment of model.deployments) {
        if (rayChecksApiKeys(deployment.rayVersion)) continue;
        const field = deployment.role === 'canary' ? 'canary rayVersion' : 'rayVersion';
        problems.add(where, `governance.apiKeySecret: ${field} ${deployment.rayVersion} cannot check API keys (Ray Serve LLM has no API key on its OpenAI port; read in Ray ${RAY_VERSIONS_READ_FOR_API_KEYS.join(' and ')}, lib/facts/api-keys.ts), so the key would protect nothing; use ${API_KEY_ALTERNATIVES}`);
      }
    }
  }
  return { name, key, header: APIGEE_API_KEY_HEADER };
}
