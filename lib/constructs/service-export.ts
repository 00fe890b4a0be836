/** ServiceExport: exports a serve Service to the fleet, so the config cluster's Gateway can reach it as a ServiceImport. */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceExport as ServiceExportObject } from '../../imports/net.gke.io';
import { objectMetadata, ResourceProps } from './metadata';

export interface ServiceExportProps extends ResourceProps {
  /** The Service to export (the export has its name). */
  readonly serviceName: string;
  readonly namespace: string;
}

export class ServiceExport extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceExportProps) {
    super(scope, id);
    this.apiObject = new ServiceExportObject(this, 'Resource', {
      metadata: objectMetadata({ name: props.serviceName, namespace: props.namespace }, props.metadata),
    });
  }
}
