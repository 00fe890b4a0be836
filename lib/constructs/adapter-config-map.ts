/**
 * AdapterConfigMap: tells the body-based router which LoRA adapters belong to a base model, so it
 * sets `X-Gateway-Base-Model-Name` for them (the router watches ConfigMaps with this label in
 * its own namespace).
 */
import { ApiObject } from 'cdk8s';
import { ConfigMap } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { objectMetadata, ResourceProps } from './metadata';

/** The label the router (v1.4.0) selects its adapter ConfigMaps by. */
export const BBR_MANAGED_LABEL = 'inference.networking.k8s.io/bbr-managed';

export interface AdapterConfigMapProps extends ResourceProps {
  readonly name: string;
  /** The router's namespace (the Gateway's). */
  readonly namespace: string;
  /** The base model id, as clients send it. */
  readonly baseModel: string;
  /** Full adapter names clients send (`<base>:<adapter>`). */
  readonly adapters: string[];
}

export class AdapterConfigMap extends Construct {
  /** The generated object (the same as `configMap`, as an ApiObject). */
  public readonly apiObject: ApiObject;
  /** The generated ConfigMap. */
  public readonly configMap: ConfigMap;

  constructor(scope: Construct, id: string, props: AdapterConfigMapProps) {
    super(scope, id);
    this.configMap = new ConfigMap(this, 'Resource', {
      metadata: objectMetadata({ name: props.name, namespace: props.namespace, labels: { [BBR_MANAGED_LABEL]: 'true' } }, props.metadata),
      data: { baseModel: props.baseModel, adapters: stringify([...props.adapters]) },
    });
    this.apiObject = ApiObject.of(this.configMap);
  }
}
