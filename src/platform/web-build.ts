/**
 * Build the web UI when web/dist is missing or older than its sources, so `npm start` needs no
 * separate build step and a warm start skips the build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = path.join(ROOT, 'web/dist/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [path.join(ROOT, 'web/src'), path.join(ROOT, 'src/monitoring')];
  return sources.some((dir) => existsSync(dir) && newestMtime(dir) > built) || statSync(path.join(ROOT, 'web/index.html')).mtimeMs > built;
}

export async function buildWebUi(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}
