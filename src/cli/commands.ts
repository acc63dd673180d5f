/**
 * The CLI command registry: each feature contributes its commands here.
 * Commands connect to DATABASE_URL, or to the embedded Postgres under DATA_DIR (see cli/database.ts).
 */
import { trackingCommands } from '../tracking/cli.js';
import { monitoringCommands } from '../monitoring/cli.js';

export interface CliCommand {
  name: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: CliCommand[] = [...trackingCommands, ...monitoringCommands];
