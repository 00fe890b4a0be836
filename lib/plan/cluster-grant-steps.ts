/**
 * The IAM steps of the cluster steps: read-only access (roles/storage.objectViewer, on the bucket)
 * to each `gs://` bucket a namespace's models load from, for that namespace's Ray ServiceAccount
 * through its Workload Identity principal (no key, no Google service account). `up` adds the
 * binding every run (no change if granted); `down` removes it where it exists.
 */
import { BUCKET_READER_ROLE } from '../facts/gke';
import { RAY_SERVICE_ACCOUNT, workloadIdentityPrincipal } from '../facts/identity';
import { BucketGrant, ClusterPlan } from './cluster-plan';
import { ClusterStep, flag, value } from './cluster-step-file';

const member = (grant: BucketGrant) => workloadIdentityPrincipal(grant.namespace, RAY_SERVICE_ACCOUNT);
const url = (grant: BucketGrant) => value(`gs://${grant.bucket}`);
const what = (grant: BucketGrant) => `read access to gs://${grant.bucket} for ${grant.namespace}/${RAY_SERVICE_ACCOUNT}`;

export function grantUpSteps(plan: ClusterPlan): ClusterStep[] {
  return plan.bucketGrants.map((grant) => ({
    phase: 'up', id: `iam:gs://${grant.bucket}/${grant.namespace}`, description: `${what(grant)} (no change if granted)`,
    create: [['gcloud', 'storage', 'buckets', 'add-iam-policy-binding', url(grant), flag('member', member(grant)), flag('role', BUCKET_READER_ROLE)]],
  }));
}

export function grantDownSteps(plan: ClusterPlan): ClusterStep[] {
  return plan.bucketGrants.map((grant) => ({
    phase: 'down', id: `iam:gs://${grant.bucket}/${grant.namespace}`, description: what(grant),
    // `get-iam-policy` takes no --filter (gcloud 528: "unrecognized arguments"): one `role,member` line
    // per member, and the script looks for this grant's line among them (`among`).
    listed: ['gcloud', 'storage', 'buckets', 'get-iam-policy', url(grant), flag('flatten', 'bindings[].members'), '--format=csv[no-heading](bindings.role,bindings.members)'],
    among: `${BUCKET_READER_ROLE},${member(grant)}`,
    delete: [['gcloud', 'storage', 'buckets', 'remove-iam-policy-binding', url(grant), flag('member', member(grant)), flag('role', BUCKET_READER_ROLE)]],
  }));
}
