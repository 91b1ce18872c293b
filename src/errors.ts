/**
 * A failure the user caused (bad usage, a bad config, no input): one Chinese line and an exit code,
 * never a stack trace. Everything else that goes wrong inside a command is a bug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** 2 for usage and set-up problems (the §5 default), 1 for data problems. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
