/** A well-formedness error at a byte offset. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code: string = 'xml-malformed',
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}
