/** Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's, else the npm package's. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SYSTEM_CHROMIUM, chooseChromium, untar, type ChromiumChoice } from './chromium-path.js';

describe('chooseChromium', () => {
  it.each<[string, Record<string, string>, boolean, ChromiumChoice]>([
    ['CHROMIUM_PATH wins over Debian’s', { CHROMIUM_PATH: '/opt/c/chrome' }, true, { source: 'CHROMIUM_PATH', executablePath: '/opt/c/chrome' }],
    ['CHROMIUM_PATH wins without Debian’s', { CHROMIUM_PATH: '/opt/c/chrome' }, false, { source: 'CHROMIUM_PATH', executablePath: '/opt/c/chrome' }],
    ['Debian’s when present', {}, true, { source: 'system', executablePath: SYSTEM_CHROMIUM }],
    ['empty CHROMIUM_PATH counts as unset', { CHROMIUM_PATH: '' }, true, { source: 'system', executablePath: SYSTEM_CHROMIUM }],
    ['the npm package’s when Debian’s is missing', {}, false, { source: 'npm' }],
    ['the npm package’s when Debian’s is skipped', { RXBRIDGE_NO_SYSTEM_CHROMIUM: '1' }, true, { source: 'npm' }],
  ])('%s', (_name, env, systemExecutable, expected) => {
    expect(chooseChromium(env, (file) => file === SYSTEM_CHROMIUM && systemExecutable)).toEqual(expected);
  });
});

describe('untar', () => {
  it('unpacks the package’s font tarball (directories and files)', () => {
    const bin = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..', 'bin');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rxbridge-untar-'));
    try {
      untar(brotliDecompressSync(readFileSync(path.join(bin, 'fonts.tar.br'))), dir);
      expect(readdirSync(path.join(dir, 'fonts', 'Open_Sans')).sort()).toEqual(['OpenSans-Bold.ttf', 'OpenSans-Italic.ttf', 'OpenSans-Regular.ttf']);
      expect(readFileSync(path.join(dir, 'fonts', 'Open_Sans', 'OpenSans-Regular.ttf')).subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses entries outside the target', () => {
    const header = Buffer.alloc(1024);
    header.write('../escape', 0, 'latin1');
    header.write('0000000', 124, 'latin1');
    header.write('0', 156, 'latin1');
    expect(() => untar(header, os.tmpdir())).toThrow(/outside the target/);
  });
});
