/**
 * The CLI command registry: each feature contributes its commands here.
 * Commands connect to DATABASE_URL, or to the embedded Postgres under DATA_DIR (src/platform/cli/database.ts).
 */
import type { CliCommand } from '../platform/cli/command.js';
import { trackingCommands } from '../tracking/index.js';
import { monitoringCommands } from '../monitoring/index.js';

export type { CliCommand };

export const commands: CliCommand[] = [...trackingCommands, ...monitoringCommands];
