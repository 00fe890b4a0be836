/**
 * The list's opt-in `gitops:` section: a GitOps controller (Argo CD or Flux) in each cluster applies
 * dist/ from a Git repository, one Application / Kustomization per cluster/namespace folder, pruning on.
 * Part of the one schema (lib/list/list-spec.ts).
 */
import { Static, Type } from '@sinclair/typebox';
import { Strict } from './schema-kit';

export const ArgoCdSchema = Strict({
  namespace: Type.Optional(Type.String({ default: 'argocd', description: 'Namespace Argo CD runs in; the Applications are created there.' })),
  project: Type.Optional(Type.String({ default: 'default', description: 'Argo CD project (AppProject) of the Applications.' })),
}, { description: 'Write Argo CD Applications (argoproj.io/v1alpha1): an app of apps per cluster, a child Application per namespace folder and one for the router (Helm chart from its OCI registry).' });
export type ArgoCdSpec = Static<typeof ArgoCdSchema>;

export const FluxSchema = Strict({
  namespace: Type.Optional(Type.String({ default: 'flux-system', description: 'Namespace Flux runs in; the GitRepository, Kustomizations, OCIRepository and HelmRelease are created there.' })),
  interval: Type.Optional(Type.String({ default: '10m', description: 'How often Flux fetches the repository and reconciles each Kustomization (a Go duration such as `10m`, `1h`).' })),
}, { description: 'Write Flux objects: a GitRepository, a root Kustomization per cluster, a Kustomization per namespace folder (kustomize.toolkit.fluxcd.io/v1) and the router as a HelmRelease from an OCIRepository.' });
export type FluxSpec = Static<typeof FluxSchema>;

export const GitOpsSchema = Strict({
  repoURL: Type.String({ description: 'URL of the Git repository holding the committed dist/ (https://..., ssh://... or git@host:path).' }),
  revision: Type.Optional(Type.String({ default: 'main', description: 'Branch the controller follows.' })),
  path: Type.Optional(Type.String({ default: 'dist', description: 'Folder of dist/ inside the repository (relative, no `..`).' })),
  argocd: Type.Optional(ArgoCdSchema),
  flux: Type.Optional(FluxSchema),
}, { description: 'GitOps output (opt-in): synth also writes `dist/[<cluster>/]gitops/`, applied once per cluster; the controller then applies and prunes every folder. Give `argocd` or `flux` (not both: two controllers would prune each other\'s objects). docs/gitops.md.' });
export type GitOpsSpec = Static<typeof GitOpsSchema>;
