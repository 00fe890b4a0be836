/**
 * The form of a container image reference, as the container runtimes parse it: the grammar of
 * github.com/distribution/reference (regexp.go, "reference := name [ ":" tag ] [ "@" digest ]"),
 * the parser containerd and Docker use; the name at most 255 characters (reference.go NameTotalLengthMax).
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

/** name [":" tag] ["@" digest], captured as name, tag, digest. */
export const IMAGE_REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
export const MAX_IMAGE_NAME_LENGTH = 255;
/** A sha256 digest as registries give it (distribution/reference: sha256 digests are 64 hex digits). */
export const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A Ray release version (PEP 440 as Ray tags its releases: 2.54.0, 2.55.0rc1, 3.0.0.dev0). */
export const RAY_VERSION = /^[0-9]+\.[0-9]+\.[0-9]+((a|b|rc)[0-9]+)?(\.(post|dev)[0-9]+)?$/;
