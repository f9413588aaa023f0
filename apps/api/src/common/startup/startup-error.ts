/**
 * A start-up failure the operator can fix (a busy port, an unreachable folder): main.ts prints its message as one
 * line, without a stack, and exits non-zero. The message names what to change.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
