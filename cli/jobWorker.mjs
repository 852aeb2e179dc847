// Bootstrap of a `check`/`mutants` worker thread: the loader set-up of the `vmspec` command (bin/runtime.mjs),
// found from here in a clone (cli/) and in an installed package (dist/cli/).
import { existsSync } from 'node:fs';

let root = new URL('..', import.meta.url);
if (!existsSync(new URL('bin/runtime.mjs', root))) root = new URL('..', root);
const { moduleUrl, setUpLoader } = await import(new URL('bin/runtime.mjs', root).href);
setUpLoader();
await import(moduleUrl('cli/jobWorker').href);
