/**
 * The Prometheus tools the ops tests run: Debian's `prometheus` (prometheus, promtool) and
 * `prometheus-alertmanager` (prometheus-alertmanager, amtool). Missing binaries fail the test with
 * what to install — never a silent skip. `.ci/run` installs them.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { promisify } from 'node:util';

export const TOOLS = {
  promtool: process.env.PROMTOOL_PATH ?? '/usr/bin/promtool',
  prometheus: process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus',
  alertmanager: process.env.ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager',
  amtool: process.env.AMTOOL_PATH ?? '/usr/bin/amtool',
} as const;

export async function requireTool(name: keyof typeof TOOLS): Promise<string> {
  const path = TOOLS[name];
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new Error(
      `${name} not found at ${path}: install Debian's packages with \`apt-get install prometheus prometheus-alertmanager\` (.ci/run does), or set ${name.toUpperCase()}_PATH`,
    );
  }
  return path;
}

const exec = promisify(execFile);

/** Run a tool; resolves with stdout+stderr, rejects with them on a non-zero exit. */
export async function runTool(name: keyof typeof TOOLS, args: string[], cwd?: string): Promise<string> {
  const bin = await requireTool(name);
  try {
    const { stdout, stderr } = await exec(bin, args, { cwd, timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`, { cause: err });
  }
}
