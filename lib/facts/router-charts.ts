/**
 * The body-based router's Helm chart per version: where it is, which values keys it has, and the
 * plugins that set the model header. Read in the chart sources:
 *
 * | version | source |
 * |---|---|
 * | v1.4.0 | `../shared/reference/body-based-routing-v1.4.0/` (values.yaml, templates/); kubernetes-sigs/gateway-api-inference-extension@v1.4.0 `pkg/bbr/plugins/body_field_to_header.go` (plugin `body-field-to-header`, JSON keys `field_name`, `header_name`) |
 * | v1.5.0 | kubernetes-sigs/gateway-api-inference-extension@v1.5.0 (commit df9f8909fe06fe2dfd4a6fc0bd0c01a0acabf849) `config/charts/body-based-routing/values.yaml` (`bbr.image.{registry,repository,tag}`; default plugins `body-field-to-header` `model-extractor` with `{fieldName: model, headerName: X-Gateway-Model-Name}` and `base-model-to-header` `base-model-mapper`; "When plugins are explicitly specified, the runner's default auto-load is skipped"), `templates/bbr.yaml` (each plugin becomes `--plugin type:name:<json>`), `pkg/bbr/plugins/bodyfieldtoheader/body_field_to_header.go` (JSON keys `fieldName`, `headerName`), `pkg/bbr/plugins/basemodelextractor/base_model_to_header.go` (sets `X-Gateway-Base-Model-Name` from ConfigMaps the router watches) |
 * | after v1.5.0 | the chart left gateway-api-inference-extension ("Cleanup BBR from main", commit 24daf87c416149195f7cd1336a2df94e709f62bc, 2026-06-08; v1.6.0 has no `config/charts/body-based-routing`) |
 * | payload-processor | llm-d/llm-d-inference-payload-processor@a3af1b069101df6ccee3686c69886e11150ab81e (main, 2026-05-05) `config/charts/payload-processor/values.yaml`: top-level key `payloadProcessor`, image `ghcr.io/llm-d/llm-d-inference-payload-processor:main`; the repository has no tag (no release) |
 */
import { MODEL_BODY_FIELD, MODEL_NAME_HEADER } from './router';

/** The chart versions this library renders values for. */
export const ROUTER_CHART_VERSIONS = ['v1.4.0', 'v1.5.0'] as const;
export type RouterChartVersion = typeof ROUTER_CHART_VERSIONS[number];
/** The seed's. */
export const DEFAULT_ROUTER_CHART_VERSION: RouterChartVersion = 'v1.4.0';

/** One plugin entry of `bbr.plugins`. */
export interface RouterPluginFact {
  readonly type: string;
  readonly name: string;
  readonly json?: Readonly<Record<string, string>>;
}

export interface RouterChartFact {
  readonly version: RouterChartVersion;
  /** Values keys of the image, under `bbr.image` (we leave the chart's default image; a mirror overrides these). */
  readonly imageKeys: readonly string[];
  /** The chart's own default plugins (what an empty `bbr.plugins` override would leave). */
  readonly defaultPlugins: readonly string[];
  /** The plugins our values set: the model header from the body's `model` (and, where the chart has it, the base model of an adapter). */
  readonly plugins: readonly RouterPluginFact[];
  /** The value paths of the chart's values.yaml our values set (checked against the chart in tests). */
  readonly valuePaths: readonly string[];
}

export const ROUTER_CHART_FACTS: Readonly<Record<RouterChartVersion, RouterChartFact>> = {
  'v1.4.0': {
    version: 'v1.4.0',
    imageKeys: ['hub', 'name', 'tag', 'pullPolicy'],
    defaultPlugins: ['default-bbr'],
    plugins: [{ type: 'body-field-to-header', name: 'openai-model-extractor', json: { field_name: MODEL_BODY_FIELD, header_name: MODEL_NAME_HEADER } }],
    valuePaths: ['bbr.name', 'bbr.plugins', 'provider.name', 'inferenceGateway.name'],
  },
  'v1.5.0': {
    version: 'v1.5.0',
    imageKeys: ['registry', 'repository', 'tag', 'pullPolicy'],
    defaultPlugins: ['body-field-to-header', 'base-model-to-header'],
    plugins: [
      { type: 'body-field-to-header', name: 'model-extractor', json: { fieldName: MODEL_BODY_FIELD, headerName: MODEL_NAME_HEADER } },
      { type: 'base-model-to-header', name: 'base-model-mapper' },
    ],
    valuePaths: ['bbr.name', 'bbr.plugins', 'provider.name', 'inferenceGateway.name'],
  },
};

/** The successor chart (llm-d): known, not supported until it has a release. */
export const PAYLOAD_PROCESSOR_CHART = {
  name: 'payload-processor',
  repository: 'llm-d/llm-d-inference-payload-processor',
  valuesKey: 'payloadProcessor',
  released: false,
  why: 'llm-d/llm-d-inference-payload-processor has no release yet (no tag; its chart\'s image tag is `main`, checked at commit a3af1b0 of 2026-05-05)',
} as const;
