/** Looks a program up as a shell would: a path as given, a bare name on PATH; only executable files count. */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** The program's path, if `name` (a path, or a name looked up on PATH) is executable. */
export async function findProgram(name: string): Promise<string | null> {
  const candidates = name.includes('/') ? [name] : (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
