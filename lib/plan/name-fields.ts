/** List fields that are names Kubernetes checks: label values and namespaces. */
import { RESERVED_NAMESPACE_PREFIXES, RESERVED_NAMESPACES } from '../facts/gke';
import { Problems } from '../list/problems';
import { labelProblem } from './names';

/** A name that must be a Kubernetes label value (namespaces, RayService names). */
export function labelField(problems: Problems, where: string, field: string, value: string | undefined, fallback: string): string {
  const name = value ?? fallback;
  const problem = labelProblem(name);
  if (problem) problems.add(where, `${field} "${name}" ${problem}`);
  return name;
}

/** A namespace the list sets: a label, and none that Kubernetes or GKE manage (lib/facts/gke.ts). */
export function namespaceField(problems: Problems, where: string, field: string, value: string | undefined, fallback: string): string {
  const name = labelField(problems, where, field, value, fallback);
  if (RESERVED_NAMESPACES.includes(name) || RESERVED_NAMESPACE_PREFIXES.some((prefix) => name.startsWith(prefix))) {
    problems.add(where, `${field} "${name}" is managed by Kubernetes or GKE (${RESERVED_NAMESPACE_PREFIXES.map((p) => `${p}*`).join(', ')}, ${RESERVED_NAMESPACES.join(', ')}); choose a namespace of your own`);
  }
  return name;
}
