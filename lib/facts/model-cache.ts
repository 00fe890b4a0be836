/**
 * Facts of GKE's Cloud Storage FUSE CSI driver, which the Ray pods read cached weights through.
 * Sources (GKE docs):
 *  - https://cloud.google.com/kubernetes-engine/docs/how-to/cloud-storage-fuse-csi-driver-ephemeral
 *    (CSI ephemeral volume: `csi.driver: gcsfuse.csi.storage.gke.io`, `volumeAttributes.bucketName`,
 *    `readOnly`; the add-on `GcsFuseCsiDriver` at `clusters create --addons` or `clusters update --update-addons`)
 *  - https://cloud.google.com/kubernetes-engine/docs/how-to/cloud-storage-fuse-csi-driver-sidecar
 *    (the pod annotation `gke-gcsfuse/volumes: "true"` makes the driver inject the `gke-gcsfuse-sidecar`;
 *    `gke-gcsfuse/cpu-limit`, `memory-limit`, `ephemeral-storage-limit` size it, "0" = no limit)
 *  - https://cloud.google.com/kubernetes-engine/docs/how-to/cloud-storage-fuse-csi-driver-perf
 *    (`mountOptions` is one comma-separated string; non-root containers need `uid`/`gid`; the file cache
 *    is enabled by `fileCacheCapacity` and backed by an emptyDir on the node's ephemeral storage, a
 *    Local SSD when the node has one; `file-cache:enable-parallel-downloads:true` needs the file cache)
 *  - gcsfuse v2.4.0 release notes: parallel downloads "useful for single threaded read scenarios that
 *    load large (>1GiB) files, such as model serving"; 16 workers per file by default.
 */

/** The add-on name of `gcloud container clusters create --addons`. */
export const GCS_FUSE_ADDON = 'GcsFuseCsiDriver';
/** The CSI driver of the ephemeral volume. */
export const GCS_FUSE_CSI_DRIVER = 'gcsfuse.csi.storage.gke.io';
/** Pod annotation that makes GKE inject the FUSE sidecar. */
export const GCS_FUSE_VOLUMES_ANNOTATION = 'gke-gcsfuse/volumes';
/**
 * Sidecar limits: "0" leaves them unset, as Google's model-serving examples do, so the sidecar can use
 * the CPU of parallel downloads and the file cache is not cut by a sidecar limit; its requests keep
 * the driver's defaults.
 */
export const GCS_FUSE_SIDECAR_ANNOTATIONS: Readonly<Record<string, string>> = {
  'gke-gcsfuse/cpu-limit': '0',
  'gke-gcsfuse/memory-limit': '0',
  'gke-gcsfuse/ephemeral-storage-limit': '0',
};
/**
 * Mount options of the read-only volume: directories the fill did not write as objects still show
 * (`implicit-dirs`); the Ray user (1000:100) owns the files; metadata never expires (a cached model
 * never changes: a new source is a new folder); large files are fetched into the file cache by
 * parallel workers on first read.
 */
export function readerMountOptions(uid: number, gid: number): string {
  return ['implicit-dirs', `uid=${uid}`, `gid=${gid}`, 'metadata-cache:ttl-secs:-1', 'file-cache:enable-parallel-downloads:true'].join(',');
}
/** Mount options of the fill Job's read-write volume (no cache: it writes each file once). */
export function writerMountOptions(uid: number, gid: number): string {
  return ['implicit-dirs', `uid=${uid}`, `gid=${gid}`].join(',');
}
/** Where the bucket is mounted in the Ray containers and the fill Job. */
export const MODEL_CACHE_MOUNT_PATH = '/mnt/model-cache';
/** Object read/write for the fill Job (Cloud Storage IAM role); the Ray pods read with BUCKET_READER_ROLE (lib/facts/gke.ts). */
export const MODEL_CACHE_WRITER_ROLE = 'roles/storage.objectUser';
