/**
 * What a command stops with: one sentence for the operator on stderr, and the
 * exit code (1: the command failed; 2: it was used or configured wrongly, as
 * the server's own configuration errors).
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}
