/** Static description of one served resource. */
export interface ResourceDef {
  group: string;
  version: string;
  /** Lower-case plural used in paths (`pods`). */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `/status` subresource: the main endpoint ignores status changes, `/status` changes only status. */
  status?: boolean;
  /** Has a `/scale` subresource (autoscaling/v1 Scale over `spec.replicas`). */
  scale?: boolean;
  /** `metadata.generation` starts at 1 and increments on every spec change. */
  generation?: boolean;
  /** Schema definition name (see `schema/`). */
  definition: string;
}
