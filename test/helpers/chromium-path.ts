/**
 * Which Chromium the browser tests (and proof:phi) drive, in this order:
 *   1. CHROMIUM_PATH, if set;
 *   2. Debian's /usr/bin/chromium, if it is there and executable (skipped with RXBRIDGE_NO_SYSTEM_CHROMIUM=1);
 *   3. the headless Chromium that ships inside the npm package @sparticuz/chromium (a devDependency).
 * The package holds brotli-compressed files; they are unpacked once per installed version into
 * node_modules/.cache/rxbridge-chromium/<version>/ (the binary, the NSS/expat libraries it links
 * against, a font). Nothing is downloaded: `npm ci` from the npm registry is all a machine needs.
 */
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice = { source: 'CHROMIUM_PATH' | 'system'; executablePath: string } | { source: 'npm' };

/** The resolution order, without side effects (table-tested in chromium-path.test.ts). */
export function chooseChromium(env: NodeJS.ProcessEnv, isExecutable: (file: string) => boolean): ChromiumChoice {
  if (env.CHROMIUM_PATH) return { source: 'CHROMIUM_PATH', executablePath: env.CHROMIUM_PATH };
  if (env.RXBRIDGE_NO_SYSTEM_CHROMIUM !== '1' && isExecutable(SYSTEM_CHROMIUM)) return { source: 'system', executablePath: SYSTEM_CHROMIUM };
  return { source: 'npm' };
}

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What playwright-core's chromium.launch() needs besides args: the binary and, for the npm build, its environment. */
export interface ChromiumLaunch {
  source: 'CHROMIUM_PATH' | 'system' | 'npm';
  executablePath: string;
  env?: Record<string, string | undefined>;
}

export async function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumLaunch> {
  const choice = chooseChromium(env, isExecutableFile);
  if (choice.source !== 'npm') return choice;
  const dir = await unpackNpmChromium();
  return {
    source: 'npm',
    executablePath: path.join(dir, 'chromium'),
    env: {
      ...env,
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_PATH: path.join(dir, 'fontconfig'),
    },
  };
}

/** Unpacks @sparticuz/chromium's files once per version; concurrent callers race on an atomic rename. */
async function unpackNpmChromium(): Promise<string> {
  const main = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // <pkg>/build/cjs/index.cjs
  const pkgDir = path.resolve(path.dirname(main), '..', '..');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const target = path.resolve(pkgDir, '..', '..', '.cache', 'rxbridge-chromium', version);
  if (existsSync(path.join(target, 'chromium'))) return target;

  const bin = path.join(pkgDir, 'bin');
  const work = `${target}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  await pipeline(createReadStream(path.join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(path.join(work, 'chromium'), { mode: 0o755 }));
  // The Amazon Linux build of NSS/NSPR/expat that the package ships for Lambda; it runs on Debian 12 too.
  untar(brotliDecompressSync(readFileSync(path.join(bin, 'al2023.tar.br'))), work); // → lib/
  untar(brotliDecompressSync(readFileSync(path.join(bin, 'fonts.tar.br'))), work); // → fonts/Open_Sans/*.ttf
  mkdirSync(path.join(work, 'fontconfig'));
  writeFileSync(
    path.join(work, 'fontconfig', 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(target, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <dir>/usr/local/share/fonts</dir>\n  <cachedir>${path.join(target, 'fontconfig', 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    renameSync(work, target);
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    // Another test process unpacked it first.
    if (!existsSync(path.join(target, 'chromium'))) throw err;
  }
  return target;
}

/** Minimal ustar reader: regular files and directories only (all the package's tarballs hold). */
export function untar(tar: Buffer, into: string): void {
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const mode = parseInt(field(100, 8).trim() || '644', 8);
    const type = field(156, 1) || '0';
    const file = path.resolve(into, name);
    if (!file.startsWith(path.resolve(into) + path.sep)) throw new Error(`tar entry outside the target: ${name}`);
    if (type === '5') mkdirSync(file, { recursive: true });
    else if (type === '0') {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, tar.subarray(at + 512, at + 512 + size), { mode });
    } else throw new Error(`unsupported tar entry type ${type} for ${name}`);
    at += 512 + Math.ceil(size / 512) * 512;
  }
}
