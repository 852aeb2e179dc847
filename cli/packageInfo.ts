/**
 * The package's own package.json, found from this module whether it runs from
 * the sources (cli/) or compiled (dist/cli/).
 */
import { existsSync, readFileSync } from 'node:fs';

/** The version in package.json, or 'unknown'. */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const url = new URL(up, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg: unknown = JSON.parse(readFileSync(url, 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'vmspec' && 'version' in pkg) return String(pkg.version);
  }
  return 'unknown';
}
