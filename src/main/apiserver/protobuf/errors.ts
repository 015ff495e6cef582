/**
 * The one error type of the protobuf decoder. Its message is written for the person who ran the
 * client: what could not be decoded, where in the object, and what to do about it.
 */
export class ProtobufDecodeError extends Error {
  /**
   * @param path JSON path of the field being decoded (`spec.template.spec.containers[0]`), set once
   *   the error has been placed; errors from the wire reader and scalar decoders start without one.
   */
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}
