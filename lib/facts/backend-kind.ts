/**
 * What a route's backendRef (and a policy's targetRef) names: the serve Service itself in one
 * cluster, or with multi-cluster Gateways the ServiceImport that multi-cluster Services make of
 * the Services exported from every cluster running the model.
 */
export interface BackendKind {
  /** API group: '' for core Services, `net.gke.io` for ServiceImports. */
  readonly group: string;
  readonly kind: 'Service' | 'ServiceImport';
}

export const SERVICE_BACKEND: BackendKind = { group: '', kind: 'Service' };
export const SERVICE_IMPORT_BACKEND: BackendKind = { group: 'net.gke.io', kind: 'ServiceImport' };
