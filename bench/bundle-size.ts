/**
 * Web bundle size (issue 8, item 5):
 *   npm run bench:bundle -- [--all]
 * Builds the web app with vite (web/vite.config.ts, production mode) into a temporary directory —
 * web/dist is left alone — and prints raw, gzip (level 9) and brotli (quality 11) sizes of every JS
 * and CSS asset, the initial load (what index.html references: entry script, module preloads,
 * style sheets) and the totals. Without --all only the 15 largest assets are listed individually.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { figure, reportFigures } from './report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const showAll = process.argv.includes('--all');
const out = process.stdout;

const outDir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-bundle-'));
try {
  const started = Date.now();
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const buildSeconds = (Date.now() - started) / 1000;

  async function walk(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    return (await Promise.all(entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))))).flat();
  }
  const files = (await walk(outDir)).filter((f) => /\.(js|mjs|css)$/.test(f));
  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!));

  interface Asset {
    name: string;
    kind: 'js' | 'css';
    raw: number;
    gzip: number;
    brotli: number;
    initial: boolean;
  }
  const assets: Asset[] = [];
  for (const f of files) {
    const buf = await readFile(f);
    const name = path.relative(outDir, f);
    assets.push({
      name,
      kind: f.endsWith('.css') ? 'css' : 'js',
      raw: (await stat(f)).size,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      initial: initial.has(name),
    });
  }
  assets.sort((a, b) => b.raw - a.raw);
  const kb = (n: number) => (n / 1000).toFixed(1).padStart(9);
  const line = (label: string, a: Pick<Asset, 'raw' | 'gzip' | 'brotli'>, extra = '') =>
    out.write(`${label.padEnd(58)} ${kb(a.raw)} ${kb(a.gzip)} ${kb(a.brotli)}${extra}\n`);
  const sum = (xs: Asset[]) => ({
    raw: xs.reduce((s, a) => s + a.raw, 0),
    gzip: xs.reduce((s, a) => s + a.gzip, 0),
    brotli: xs.reduce((s, a) => s + a.brotli, 0),
  });

  out.write(`vite build: ${buildSeconds.toFixed(1)} s, ${assets.length} JS/CSS assets (sizes in kB = 1000 bytes)\n\n`);
  out.write(`${'asset'.padEnd(58)} ${'raw'.padStart(9)} ${'gzip -9'.padStart(9)} ${'brotli'.padStart(9)}\n`);
  for (const a of showAll ? assets : assets.slice(0, 15)) line(`${a.initial ? '* ' : '  '}${a.name}`, a);
  if (!showAll && assets.length > 15) out.write(`  … ${assets.length - 15} smaller assets (--all lists them)\n`);
  out.write('\n');
  const js = assets.filter((a) => a.kind === 'js');
  const css = assets.filter((a) => a.kind === 'css');
  const init = assets.filter((a) => a.initial);
  line(`initial load (* : referenced by index.html), ${init.length} files`, sum(init));
  line(`  of which JS`, sum(init.filter((a) => a.kind === 'js')));
  line(`  of which CSS`, sum(init.filter((a) => a.kind === 'css')));
  line(`all JS (${js.length} files; the rest load on demand)`, sum(js));
  line(`all CSS (${css.length} files)`, sum(css));
  line('total', sum(assets));
  const i = sum(init);
  const all = sum(assets);
  reportFigures([
    figure({
      figure: 'web initial load (index.html: entry JS + CSS), gzip -9',
      result: Math.round(i.gzip / 100) / 10,
      unit: 'kB',
      baseline: null,
      baselineLabel: '',
      goal: '–',
      pass: null,
      context: `a size has no same-run baseline (absolute, deterministic for a given commit); raw ${(i.raw / 1000).toFixed(1)} kB, brotli ${(i.brotli / 1000).toFixed(1)} kB; everything ${(all.gzip / 1000).toFixed(1)} kB gzip in ${assets.length} assets; build ${buildSeconds.toFixed(1)} s`,
    }),
  ]);
} finally {
  await rm(outDir, { recursive: true, force: true });
}
