/**
 * OpenAI's model list endpoint, as clients (the OpenAI SDKs, LangChain, Open WebUI) call it:
 * `GET /v1/models` answers `{"object":"list","data":[model, ...]}`, `GET /v1/models/{id}` one
 * model object `{"id","object":"model","created","owned_by"}`, and an unknown id a 404 whose body
 * is an error object `{"error":{"message","type","param","code"}}`.
 * Source: https://platform.openai.com/docs/api-reference/models (list, retrieve; the Model object),
 * and the same shapes in Ray Serve LLM's own `/v1/models` (ray-project/ray@ray-2.54.0
 * python/ray/llm/_internal/serve/core/configs/openai_api_models.py `ModelList`, `ModelCard`).
 */

/** The path of the list; `<path>/<id>` retrieves one model. */
export const MODELS_PATH = '/v1/models';

/** The port this project's responder (nginx, lib/constructs/model-list-responder.ts) serves the list on. */
export const MODEL_LIST_PORT = 8080;

/** One model as the list shows it. */
export interface OpenAiModelObject {
  readonly id: string;
  readonly object: 'model';
  /** Unix seconds; the list is made at synth, so 0 (a fixed value keeps dist/ reproducible). */
  readonly created: number;
  readonly owned_by: string;
}

/** `owned_by` of every entry: the Gateway serves them, whoever trained them. */
export const MODEL_OWNER = 'ray-llm-gateway';

export function modelObject(id: string, ownedBy: string = MODEL_OWNER): OpenAiModelObject {
  return { id, object: 'model', created: 0, owned_by: ownedBy };
}

export function modelListBody(ids: readonly string[], ownedBy: string = MODEL_OWNER): string {
  return JSON.stringify({ object: 'list', data: ids.map((id) => modelObject(id, ownedBy)) });
}

/** The 404 body for an id the Gateway does not route (OpenAI's `model_not_found` error). */
export const MODEL_NOT_FOUND_BODY = JSON.stringify({
  error: { message: 'The model does not exist or is not routed by this gateway.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
});
