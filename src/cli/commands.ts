/**
 * The CLI command registry. A command is lazy-loaded so `rxbridge help` stays instant.
 * Commands connect to DATABASE_URL, or to the embedded Postgres under DATA_DIR (see cli/database.ts).
 */
export interface CliCommand {
  name: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: CliCommand[] = [];
