/**
 * How one Kubernetes type is laid out on the protobuf wire. The JSON shape and value types come
 * from the structural schema (`../../schema`); these tables add only what JSON does not say:
 * field numbers, which zero values are real values, and where Go embeds a struct.
 *
 * Field numbers are interoperability facts, taken from the upstream `generated.proto` files
 * (k8s.io/api, k8s.io/apimachinery). They never change once released.
 */
export interface MessageLayout {
  /** JSON field name to protobuf field number. Every name must be a property of the definition. */
  readonly fields: Readonly<Record<string, number>>;
  /**
   * Fields whose zero value (`""`, `0`, `false`) a JSON client would send: Go pointers
   * (`replicas *int32`) and fields without `omitempty` (`containerPort`, `exitCode`). gogo-protobuf
   * writes every non-pointer scalar, so all other zero values are dropped, as `omitempty` does.
   */
  readonly keepZero?: readonly string[];
  /**
   * Go structs embedded with `json:",inline"` (Volume's VolumeSource, Probe's ProbeHandler, the
   * LocalObjectReference in ConfigMapKeySelector): one nested message on the wire whose fields
   * are fields of the enclosing JSON object. Field number to the embedded message's layout.
   */
  readonly inline?: Readonly<Record<number, MessageLayout>>;
}

/** Layouts by upstream definition name (`io.k8s.api.core.v1.Pod`). */
export type LayoutTable = Readonly<Record<string, MessageLayout>>;

/** The embedded `LocalObjectReference` (`name = 1`) of selectors and projections. */
export const LOCAL_OBJECT_REFERENCE: MessageLayout = { fields: { name: 1 } };
