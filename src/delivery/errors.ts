/** A delivery attempt that failed before an answer came back: whether trying again later can help. */
export class DeliveryError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean }) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}
