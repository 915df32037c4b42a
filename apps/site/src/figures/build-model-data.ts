/**
 * The models' data at BUILD time (Astro frontmatter, Node): the same validating loader the page
 * uses (src/data/model-data.ts), reading `public/models/` from disk, so the static SVG drawn into the
 * HTML shows the same real numbers the live figure will. When the models have not been generated the
 * build says so (a warning naming the command) and the section shows that the figure is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fetchFromDirectory } from '../data/fetch-from-directory.ts';
import { MANIFEST_PATH } from '../data/manifest.ts';
import { type ModelData, openModelData } from '../data/model-data.ts';

export interface BuildModelDataOptions {
  /** Default: `public/models` under the site package (the build's working directory). */
  readonly directory?: string;
  /** Where the "models missing" warning goes (default console.warn). */
  readonly warn?: (message: string) => void;
}

const cache = new Map<string, Promise<ModelData | null>>();

/** The checked model data under `directory`, or null (with a warning) when it has no manifest. */
export function buildModelData({
  directory = resolve('public/models'),
  warn = (message) => console.warn(message),
}: BuildModelDataOptions = {}): Promise<ModelData | null> {
  let opened = cache.get(directory);
  if (opened === undefined) {
    if (!existsSync(join(directory, MANIFEST_PATH))) {
      warn(
        `site: no ${join(directory, MANIFEST_PATH)}; the figures are built without their data. Run: pnpm --filter site models`,
      );
      opened = Promise.resolve(null);
    } else {
      opened = openModelData({ fetchBytes: fetchFromDirectory(directory) });
    }
    cache.set(directory, opened);
  }
  return opened;
}
