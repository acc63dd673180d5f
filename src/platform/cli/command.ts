/**
 * What a CLI command is. Features export lists of these; the entry point (src/cli/commands.ts)
 * collects them. Kept apart from the registry so a feature's commands never import the registry
 * that imports them (no cycle).
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}
