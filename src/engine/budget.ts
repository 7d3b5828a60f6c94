/**
 * The work one timeline computation may do, so that no schedule document — previews are open to
 * read-only tokens — can tie up the server: every layer assignment a rotation expands and every
 * active-interval piece an ActiveWhen generates is paid for before (or as) it is built.
 */

/**
 * How many layer assignments and active-interval pieces one computation may expand. A valid
 * schedule hands off at most every 15 minutes, so one layer over 3 years stays near 105,000
 * assignments; the cap stops a document with dozens of such layers (or hundreds of weekly spans
 * on many layers) from tying up the server for a minute.
 */
export const MAX_LAYER_ASSIGNMENTS = 250_000;

/** The timeline asked for would expand more than MAX_LAYER_ASSIGNMENTS units of layer work. */
export class TimelineTooLargeError extends RangeError {
  constructor() {
    super(
      `the timeline asked for has more than ${MAX_LAYER_ASSIGNMENTS} layer handoffs and active intervals; ` +
        'ask for a shorter window or use fewer, longer rotations and fewer activeWhen entries',
    );
  }
}

/** What is left of one computation's MAX_LAYER_ASSIGNMENTS. */
export class WorkBudget {
  private left = MAX_LAYER_ASSIGNMENTS;

  /** Pays for `units` of work; throws TimelineTooLargeError once the budget is overdrawn. */
  spend(units: number): void {
    this.left -= units;
    if (this.left < 0) throw new TimelineTooLargeError();
  }
}
