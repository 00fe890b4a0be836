/** Fields that name what runs: the image (a reference, optionally pinned by digest), the Ray version, the weights' source. */
import { IMAGE_REFERENCE, MAX_IMAGE_NAME_LENGTH, RAY_VERSION, SHA256_DIGEST } from '../facts/image-reference';
import { Problems, show } from '../list/problems';

export function image(problems: Problems, where: string, given: string | undefined, fallback: string): string {
  if (given === undefined || given === fallback) return fallback;
  const text = given;
  const match = IMAGE_REFERENCE.exec(text);
  if (!match || match[1].length > MAX_IMAGE_NAME_LENGTH) {
    problems.add(where, `image ${show(text)} is not a container image reference (registry/name:tag, optionally @sha256:<64 hex digits>; lower-case name, no spaces)`);
  } else if (match[3] !== undefined && !SHA256_DIGEST.test(match[3])) {
    problems.add(where, `image ${show(text)}: a digest must be sha256:<64 lower-case hex digits>`);
  }
  return text;
}

export function rayVersion(problems: Problems, where: string, given: string | undefined, fallback: string): string {
  const text = given ?? fallback;
  if (text !== fallback && !RAY_VERSION.test(text)) problems.add(where, `rayVersion ${show(text)} must be a Ray version such as "2.54.0"`);
  return text;
}

/** The weights' source: a Hugging Face repository id or a storage path; no whitespace or control characters. */
export function source(problems: Problems, where: string, text: string): string {
  if (text !== '' && /[\s\p{Cc}\p{Cf}]/u.test(text)) problems.add(where, `source ${show(text)} may not hold whitespace or control characters`);
  return text;
}
