/** Credentials in clear text: recognised by name and by value; messages name the kind, never the value. */
import { CREDENTIAL_NAME_SEGMENTS, CREDENTIAL_NAME_WORDS, CREDENTIAL_VALUE_FORMS, HARMLESS_NAME_PARTS } from '../facts/credential-formats';

/** Whether a variable or key name looks like it holds a credential (HF_TOKEN2, HFTOKEN, HF_AUTH, PRIVATE_KEY_PEM, AWS_ACCESS_KEY_ID, ...). */
export function looksLikeCredential(name: string): boolean {
  const upper = name.toUpperCase();
  let compact = upper.replace(/[^A-Z]/g, '');
  for (const part of HARMLESS_NAME_PARTS) compact = compact.split(part).join('');
  if (CREDENTIAL_NAME_WORDS.some((word) => compact.includes(word))) return true;
  return upper.split(/[^A-Z]+/).some((segment) => CREDENTIAL_NAME_SEGMENTS.includes(segment));
}

/** The kind of credential `text` holds ("a Hugging Face token", ...), or undefined. */
export function credentialKind(text: string): string | undefined {
  return CREDENTIAL_VALUE_FORMS.find((form) => form.pattern.test(text))?.kind;
}

/** The first string inside `value` (nested lists and maps included) that holds a credential: its path and kind. */
export function credentialIn(value: unknown, path: string): { path: string; kind: string } | undefined {
  if (typeof value === 'string') {
    const kind = credentialKind(value);
    return kind ? { path, kind } : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = credentialIn(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The advice of every refusal. */
export const SECRET_REFERENCE = '{ secretKeyRef: { name: <secret>, key: <key> } }';
