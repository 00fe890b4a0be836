/** ServiceExport: exports a serve Service to the fleet, so the config cluster's Gateway can reach it as a ServiceImport. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IServiceExport } from '@kubernetes-models/gke/net.gke.io/v1/ServiceExport';

export interface ServiceExportProps {
  /** The Service to export (the export has its name). */
  readonly serviceName: string;
  readonly namespace: string;
}

export class ServiceExport extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceExportProps) {
    super(scope, id);
    const object = {
      apiVersion: 'net.gke.io/v1',
      kind: 'ServiceExport',
      metadata: { name: props.serviceName, namespace: props.namespace },
    } satisfies IServiceExport;
    this.apiObject = new ApiObject(this, 'Resource', object);
  }
}
