/**
 * Writes the command-produced figures into README.md and docs/paper.md
 * (issue 21): `vmspec bench paper` under the shipped default calibration,
 * `vmspec explore`'s state count at its default bounds, the strace
 * converter's rules. Run `npx tsx scripts/docFigures.ts` after changing any of
 * them; docFigures.test.ts fails while a doc differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { docFigureBlocks, type DocSources } from '../bench/paper/docFigures.ts';
import { paperFromCalibration } from '../bench/paper/paperFromCalibration.ts';
import { loadDefaultCalibration } from '../bench/probe/defaultCalibration.ts';
import { EXPLORE_DEFAULT_BOUNDS } from '../cli/exploreCommand.ts';
import { explore } from '../spec/explore.ts';
import { allVariants, explorationSeeds, specOf } from '../spec/index.ts';
import { SPEC_INVARIANTS } from '../spec/invariants.ts';
import { replaceBlocks } from './docBlocks.ts';

/** The docs that carry generated blocks, relative to the repository. */
export const DOC_FILES: readonly string[] = ['README.md', 'docs/paper.md'];
const ROOT = new URL('../', import.meta.url);

/** What `vmspec explore` with no argument reaches: distinct states summed over every variant. */
export function exploreStates(): number {
  return allVariants().reduce((n, v) => n + explore(specOf(v), { ...EXPLORE_DEFAULT_BOUNDS, seeds: explorationSeeds(v) }, {}, SPEC_INVARIANTS).states, 0);
}

/** The sources of every figure, computed as the commands compute them. */
export async function docSources(): Promise<DocSources> {
  const calibration = loadDefaultCalibration();
  const paper = await paperFromCalibration(calibration, 'the defaults (bench/probe/defaultCalibration.json)');
  if (!paper.ok) throw new Error(paper.error);
  return { paper: paper.result, calibration, exploreStates: exploreStates() };
}

/** Each doc as it is and as the generator would write it. */
export async function regenerated(): Promise<{ path: string; now: string; generated: string }[]> {
  const blocks = docFigureBlocks(await docSources());
  const out = [];
  for (const path of DOC_FILES) {
    const now = await readFile(new URL(path, ROOT), 'utf8');
    const next = replaceBlocks(now, blocks);
    if (!next.ok) throw new Error(`${path}: ${next.error}`);
    out.push({ path, now, generated: next.text });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const doc of await regenerated()) {
    if (doc.now === doc.generated) continue;
    await writeFile(new URL(doc.path, ROOT), doc.generated);
    process.stdout.write(`updated ${doc.path}\n`);
  }
}
