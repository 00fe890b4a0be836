/**
 * Kubernetes ServiceAccounts of the Ray pods and of the model-cache fill Job, and the Workload
 * Identity principal form IAM grants name them by.
 */

/** ServiceAccount of every Ray pod (head and workers) in each model namespace. */
export const RAY_SERVICE_ACCOUNT = 'ray-llm';
/** ServiceAccount of the one-off Job that copies weights into the model cache bucket (the only writer). */
export const MODEL_CACHE_WRITER_SERVICE_ACCOUNT = 'model-cache-writer';

/**
 * The IAM principal of a Kubernetes ServiceAccount under GKE Workload Identity Federation, granted
 * roles directly (no Google service account): `principal://iam.googleapis.com/projects/PROJECT_NUMBER/
 * locations/global/workloadIdentityPools/PROJECT_ID.svc.id.goog/subject/ns/NAMESPACE/sa/KSA`
 * (GKE docs "Authenticate to Google Cloud APIs from GKE workloads", "Configure authorization and
 * principals": https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity). `{project}` and
 * `{project-number}` are filled in by scripts/cluster.sh.
 */
export function workloadIdentityPrincipal(namespace: string, serviceAccount: string): string {
  return `principal://iam.googleapis.com/projects/{project-number}/locations/global/workloadIdentityPools/{project}.svc.id.goog/subject/ns/${namespace}/sa/${serviceAccount}`;
}
