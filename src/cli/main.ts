/**
 * `rxbridge <command> [args]`: operational commands. Each feature contributes commands to
 * commands.ts; this file only dispatches and prints usage.
 */
import { commands } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const width = Math.max(...commands.map((c) => c.name.length));
    process.stdout.write(`Usage: rxbridge <command> [args]\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`rxbridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
