/** What a failed file or process operation says in a one-line error: its errno code (`ENOENT`), else its text. */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error);
}
