/**
 * The namespaces a list creates: every namespace folder of dist/ but those Kubernetes makes itself.
 * Each gets a Namespace object in its folder (`<namespace>/0-namespace.k8s.yaml`, first in the
 * folder in kubectl's order), which `kubectl apply -R -f dist/` and the GitOps controllers apply
 * before the folder's other objects; the cluster script's namespace steps create the same ones.
 */

/** Namespaces Kubernetes creates itself: never written as Namespace objects (a controller must not prune them). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * File name (without extension) of a namespace folder's Namespace object: `0` sorts before every
 * other file of the folder (`frontend-`, `gateway`, `model-`), so a recursive apply creates it first.
 */
export const NAMESPACE_FILE_ID = '0-namespace';

/** Of these namespaces, the ones the list creates (in the order given). */
export function createdNamespaces(namespaces: readonly string[]): string[] {
  return namespaces.filter((n) => !SYSTEM_NAMESPACES.includes(n));
}
