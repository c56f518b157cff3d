/**
 * A mistake the user can fix (missing path, bad configuration, dirty work tree). The CLI prints its message as one
 * line, without a stack, and exits 2. Anything else that escapes is a bug in otel-codemod.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
