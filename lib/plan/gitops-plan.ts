/**
 * The list's `gitops:` section -> PlannedGitOps: which controller, where it reads dist/ from.
 * Checked with everything else before anything is written; problems name `gitops` and the field.
 */
import * as defaults from '../list/defaults';
import { GitOpsSpec } from '../list/gitops-spec';
import { Problems } from '../list/problems';
import { labelField } from './name-fields';
import type { PlannedGitOps } from './model-plan';
import { credentialKind } from './credentials';

/** Folder of the GitOps objects in dist/ (beside the namespace folders of each cluster). */
export const GITOPS_FOLDER = 'gitops';
export { SYSTEM_NAMESPACES } from './namespaces';
export type { PlannedGitOps } from './model-plan';

/** Git URLs: http(s)://, ssh://, or scp-like git@host:path (Argo CD only: the GitRepository CRD of source-controller v1.9.1 requires `^(http|https|ssh)://`). */
const GIT_URL = /^(https?:\/\/|ssh:\/\/)[^\s]+$/;
const SCP_URL = /^[\w.-]+@[\w.-]+:[^\s]+$/;
/** Go durations as the Flux CRDs' `interval` pattern accepts them (kustomize-controller v1.9.4 CRD). */
const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
/** A branch name: no whitespace, no `..`, no leading `-` (git check-ref-format, simplified). */
const BRANCH = /^(?!-)(?!.*\.\.)[^\s~^:?*[\\]+$/;

/** What credential a Git URL carries, or undefined: a password or token in the user part, anything in the query or fragment, a known token form. */
function urlCredential(url: string): string | undefined {
  const kind = credentialKind(url);
  if (kind) return kind;
  const authority = /^[a-z+]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  const user = authority.includes('@') ? authority.slice(0, authority.lastIndexOf('@')) : undefined;
  if (user !== undefined && (user.includes(':') || /^https?:/i.test(url))) return 'credentials in its user part (user:password@ or token@)';
  if (/[?#]/.test(url)) return 'a query or fragment (where tokens are passed)';
  return undefined;
}

/**
 * @param namespaces every namespace the list puts objects in (a namespace folder must not be the GitOps folder,
 *   and the controller's namespace must not be one of them: pruning a folder would remove the controller)
 */
export function planGitOps(problems: Problems, spec: GitOpsSpec | undefined, namespaces: readonly string[]): PlannedGitOps | undefined {
  if (spec === undefined) return undefined;
  const where = 'gitops';
  const repoURL = spec.repoURL;
  const credential = repoURL ? urlCredential(repoURL) : undefined;
  if (credential) {
    problems.add(where, `repoURL holds ${credential} (the value is not shown): it would be written to dist/ and Git; give the controller its repository credentials in a Secret (Argo CD repository Secret, Flux GitRepository secretRef)`);
  } else if (repoURL && !GIT_URL.test(repoURL) && !SCP_URL.test(repoURL)) {
    problems.add(where, `repoURL "${repoURL}" must be a Git URL (https://..., ssh://... or git@host:path)`);
  }
  const revision = spec.revision ?? defaults.DEFAULT_GITOPS_REVISION;
  if (!BRANCH.test(revision)) problems.add(where, `revision "${revision}" is not a branch name`);
  const rawPath = spec.path ?? defaults.DEFAULT_GITOPS_PATH;
  const path = rawPath.replace(/^\.\//, '').replace(/\/+$/, '');
  if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '') || /\s/.test(path)) {
    problems.add(where, `path "${rawPath}" must be a relative folder of the repository without ".." (e.g. dist)`);
  }

  const { argocd: argo, flux } = spec;
  if (argo && flux) problems.add(where, 'give argocd or flux, not both (two controllers would prune each other\'s objects)');
  if (!argo && !flux) problems.add(where, 'needs argocd or flux (the controller that applies dist/)');

  const controller = flux && !argo ? 'flux' : 'argocd';
  const controllerNamespace = controller === 'flux'
    ? labelField(problems, 'gitops flux', 'namespace', flux?.namespace, defaults.DEFAULT_FLUX_NAMESPACE)
    : labelField(problems, 'gitops argocd', 'namespace', argo?.namespace, defaults.DEFAULT_ARGOCD_NAMESPACE);
  if (namespaces.includes(controllerNamespace)) {
    problems.add(`gitops ${controller}`, `namespace "${controllerNamespace}" also holds models or the Gateway; the controller needs a namespace of its own`);
  }
  if (namespaces.includes(GITOPS_FOLDER)) {
    problems.add(where, `namespace "${GITOPS_FOLDER}" is used by the list, but dist/ holds the GitOps objects in the folder of that name; rename the namespace`);
  }
  if (controller === 'flux' && SCP_URL.test(repoURL)) {
    problems.add(where, `repoURL "${repoURL}" is scp-like, which Flux does not clone; write it as ssh://${repoURL.replace(':', '/')}`);
  }
  const project = labelField(problems, 'gitops argocd', 'project', argo?.project, defaults.DEFAULT_ARGOCD_PROJECT);
  const interval = flux?.interval ?? defaults.DEFAULT_FLUX_INTERVAL;
  if (!DURATION.test(interval)) problems.add('gitops flux', `interval "${interval}" must be a duration such as 10m or 1h`);
  return { controller, repoURL, revision, path, controllerNamespace, project, interval };
}
