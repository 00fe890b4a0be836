/**
 * On-demand prices in us-central1 (USD per hour, Linux, no committed-use or sustained-use
 * discount), for the estimate `npm run plan` and synth print. Source: Compute Engine "VM instance
 * pricing" (https://cloud.google.com/compute/vm-instance-pricing: E2, N1, A2, A3, G2 tables, where
 * A2/A3/G2 prices include their GPUs) and "GPU pricing" (https://cloud.google.com/compute/gpus-pricing,
 * T4 attached to N1), as listed in 2025-H2. PRICE_DATE is when these were taken; the pages could not
 * be reached from this machine to re-check them, so the figures are an estimate: compare with the
 * Google Cloud pricing calculator before you budget. A3 prices are the least certain.
 */
export const PRICE_DATE = '2025-11';
export const PRICE_REGION = 'us-central1';
export const PRICE_SOURCE = 'https://cloud.google.com/compute/vm-instance-pricing';

/** Machine price per hour (GPUs included for A2, A3 and G2). */
const MACHINE_HOURLY: Readonly<Record<string, number>> = {
  'e2-standard-2': 0.067006, 'e2-standard-4': 0.134012, 'e2-standard-8': 0.268024, 'e2-standard-16': 0.536048, 'e2-standard-32': 1.072096,
  'g2-standard-8': 0.85414, 'g2-standard-24': 2.0, 'g2-standard-48': 4.0, 'g2-standard-96': 8.0,
  'n1-standard-8': 0.379998, 'n1-standard-16': 0.759996, 'n1-standard-32': 1.519992,
  'a2-highgpu-1g': 3.673385, 'a2-highgpu-2g': 7.34677, 'a2-highgpu-4g': 14.69354, 'a2-highgpu-8g': 29.38708, 'a2-megagpu-16g': 55.739504,
  'a2-ultragpu-1g': 5.0688, 'a2-ultragpu-2g': 10.1376, 'a2-ultragpu-4g': 20.2752, 'a2-ultragpu-8g': 40.5504,
  'a3-highgpu-1g': 11.06, 'a3-highgpu-2g': 22.12, 'a3-highgpu-4g': 44.24, 'a3-highgpu-8g': 88.49,
  'a3-megagpu-8g': 88.49, 'a3-ultragpu-8g': 84.81,
};

/** GPUs billed apart from the machine (N1 + T4). */
const GPU_HOURLY: Readonly<Record<string, number>> = { 'nvidia-tesla-t4': 0.35 };

/** Balanced persistent disk (GKE's default boot disk type), per GB-month. */
export const DISK_GB_MONTHLY = 0.1;
/** GKE Standard cluster management fee, per cluster-hour. */
export const CLUSTER_HOURLY = 0.1;
/** Hours in a month as Google's calculator counts them. */
export const HOURS_PER_MONTH = 730;

/** Monthly price of one node: machine, attached GPUs and boot disk; undefined when a price is missing. */
export function nodeMonthly(machineType: string, accelerator: string | undefined, gpus: number, diskGiB: number): number | undefined {
  const machine = MACHINE_HOURLY[machineType];
  if (machine === undefined) return undefined;
  const gpu = accelerator ? (GPU_HOURLY[accelerator] ?? 0) * gpus : 0;
  return (machine + gpu) * HOURS_PER_MONTH + diskGiB * DISK_GB_MONTHLY;
}
