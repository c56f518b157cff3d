/**
 * Whether `lint` and `check` use type information: `--types`/`--no-types`, else the configuration's `types`, else
 * this default. Kept apart from the ESLint runner so the command line can name the default without loading ESLint.
 */
// Typed as a boolean, not the literal `false`: it is a setting, and the help text words whichever value it has.
export const TYPED_LINT_DEFAULT: boolean = false;

export function typedLintEnabled(flag: boolean | undefined, configured: boolean | undefined): boolean {
  return flag ?? configured ?? TYPED_LINT_DEFAULT;
}
