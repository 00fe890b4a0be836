/**
 * What a pod needs to read (or, for the fill Job, write) a model cache bucket through GKE's Cloud
 * Storage FUSE CSI driver: the sidecar annotations, the CSI ephemeral volume and its mount
 * (facts and sources: lib/facts/model-cache.ts).
 */
import {
  GCS_FUSE_CSI_DRIVER, GCS_FUSE_SIDECAR_ANNOTATIONS, GCS_FUSE_VOLUMES_ANNOTATION, MODEL_CACHE_MOUNT_PATH, readerMountOptions, writerMountOptions,
} from '../facts/model-cache';

/** A model cache a Ray pod reads: the bucket and the model's folder in it. */
export interface ModelCacheSource {
  /** Cloud Storage bucket name. */
  readonly bucket: string;
  /** Folder of the model's files in the bucket (e.g. `google/gemma-2b-it`). */
  readonly folder: string;
}

/** The pod volume's name. */
export const MODEL_CACHE_VOLUME = 'model-cache';

/** Annotations of a pod that mounts the bucket. */
export function modelCacheAnnotations(): Record<string, string> {
  return { [GCS_FUSE_VOLUMES_ANNOTATION]: 'true', ...GCS_FUSE_SIDECAR_ANNOTATIONS };
}

/**
 * The CSI ephemeral volume of the bucket.
 * @param fileCacheCapacity read-only: the file cache size (a Kubernetes quantity); undefined: read-write, no cache
 */
export function modelCacheVolume(bucket: string, uid: number, gid: number, fileCacheCapacity?: string) {
  const reader = fileCacheCapacity !== undefined;
  return {
    name: MODEL_CACHE_VOLUME,
    csi: {
      driver: GCS_FUSE_CSI_DRIVER,
      readOnly: reader,
      volumeAttributes: {
        bucketName: bucket,
        mountOptions: reader ? readerMountOptions(uid, gid) : writerMountOptions(uid, gid),
        ...(reader ? { fileCacheCapacity, fileCacheForRangeRead: 'true' } : {}),
      },
    },
  };
}

/** The container's mount of that volume. */
export function modelCacheMount(readOnly: boolean) {
  return { name: MODEL_CACHE_VOLUME, mountPath: MODEL_CACHE_MOUNT_PATH, readOnly };
}

/** Where a model's files are inside the container. */
export function modelCachePath(folder: string): string {
  return `${MODEL_CACHE_MOUNT_PATH}/${folder}`;
}
