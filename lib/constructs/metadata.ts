/**
 * Metadata passthrough (the cdk8s-plus convention, cdk8s-team/cdk8s-plus `src/base.ts`: every
 * resource takes `metadata?: ApiObjectMetadata`): the user's labels and annotations are added to
 * the object's own; the construct's name and namespace props win over `metadata.name/namespace`.
 */
import { ApiObjectMetadata } from 'cdk8s';

/** Props every construct of this library accepts. */
export interface ResourceProps {
  /**
   * Metadata of the generated object: labels and annotations are added to the construct's own
   * (the construct's own win on a clash).
   * @default no extra metadata
   */
  readonly metadata?: ApiObjectMetadata;
}

/** The object's metadata: the user's `metadata`, then the construct's own fields (empty maps left out). */
export function objectMetadata(own: ApiObjectMetadata, extra?: ApiObjectMetadata): ApiObjectMetadata {
  const labels = { ...extra?.labels, ...own.labels };
  const annotations = { ...extra?.annotations, ...own.annotations };
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return {
    ...extra,
    ...defined,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}
