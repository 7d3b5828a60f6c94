/**
 * Bounds how much of one kind of expensive work runs at once: at most `concurrency` tasks run,
 * at most `queueLimit` more wait their turn, and anything beyond that is refused at once
 * (with the error `refuse()` makes) instead of queueing without end.
 */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
    private readonly refuse: () => Error,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.queueLimit) throw this.refuse();
      // The finishing task hands its slot over directly, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
