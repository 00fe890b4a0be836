/**
 * Forms of credentials that must never be written in clear text to a manifest: recognised by
 * value (a literal env value or engineKwargs string) and by name (an env var or engineKwargs key).
 * A match is refused at synth; the message names the kind, never the value.
 */

export interface CredentialForm {
  readonly kind: string;
  readonly pattern: RegExp;
  readonly source: string;
}

/** Credential values by their documented (or, where noted, observed) form. */
export const CREDENTIAL_VALUE_FORMS: readonly CredentialForm[] = [
  { kind: 'a Hugging Face token', pattern: /(^|[^A-Za-z0-9])hf_[A-Za-z0-9]{20,}/, source: 'https://huggingface.co/docs/hub/security-tokens (tokens start with "hf_")' },
  { kind: 'a Google API key', pattern: /AIza[0-9A-Za-z_-]{35}/, source: 'observed form of keys from https://cloud.google.com/docs/authentication/api-keys ("AIza" and 35 characters; the format is not documented)' },
  { kind: 'a Google OAuth access token', pattern: /(^|[^A-Za-z0-9])ya29\.[0-9A-Za-z_-]{20,}/, source: 'observed form of https://developers.google.com/identity/protocols/oauth2 access tokens (not documented)' },
  { kind: 'a private key', pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/, source: 'RFC 7468 section 10/11 (PEM "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")' },
  { kind: 'a JSON Web Token', pattern: /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/, source: 'RFC 7519 (base64url of a JSON header and claims, both starting "{\\"" = "eyJ")' },
  { kind: 'an AWS access key id', pattern: /(^|[^A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}([^A-Z0-9]|$)/, source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids (AKIA, ASIA prefixes)' },
  { kind: 'a GitHub token', pattern: /(^|[^A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})/, source: 'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/' },
  { kind: 'an OpenAI API key', pattern: /(^|[^A-Za-z0-9])sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/, source: 'https://platform.openai.com/docs/api-reference/authentication (keys start with "sk-"; the rest is not documented)' },
  { kind: 'a Slack token', pattern: /xox[abposr]-[A-Za-z0-9-]{10,}/, source: 'https://api.slack.com/authentication/token-types (xoxb-, xoxp-, xoxa-, ...)' },
];

/**
 * Words that mark a credential in a name once "_" and digits are dropped and it is upper-cased
 * (HF_TOKEN2 → HFTOKEN, HUGGINGFACEHUBTOKEN, PRIVATE_KEY_PEM → PRIVATEKEYPEM). TOKENIZER is not
 * TOKEN (TOKENIZERS_PARALLELISM is a common, harmless variable).
 */
export const CREDENTIAL_NAME_WORDS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASSPHRASE', 'CREDENTIAL', 'APIKEY', 'PRIVATEKEY', 'ACCESSKEY', 'HFAUTH', 'BEARER', 'COOKIE'];
/** Whole segments (split at "_" and digits) that mark a credential: HF_AUTH, KEY_PEM, ..._KEY. */
export const CREDENTIAL_NAME_SEGMENTS = ['AUTH', 'PEM', 'PWD', 'JWT', 'KEY'];
/** Parts removed before the word test: they contain a word but are no credential. */
export const HARMLESS_NAME_PARTS = ['TOKENIZER'];

/**
 * engineKwargs keys of vLLM's engine arguments that carry a credential (lib/facts/vllm-engine-args.ts):
 * `hf_token` (EngineArgs.hf_token, "The token to use as HTTP bearer authorization for remote files")
 * and `api_key` (FrontendArgs.api_key, the key the OpenAI server requires) — vllm-project/vllm
 * `vllm/engine/arg_utils.py`, `vllm/entrypoints/openai/cli_args.py`.
 */
export const CREDENTIAL_ENGINE_ARGS = ['hf_token', 'api_key'];
