/** `rxbridge guides` and `rxbridge datadog`: write the generated Product Guides and the Datadog JSON. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliCommand } from '../platform/cli/command.js';
import { datadogDashboard, datadogMonitors } from './datadog.js';
import { renderMedicationsGuide, renderSecureMessagingGuide } from './product-guides.js';

export const monitoringCommands: CliCommand[] = [
  {
    name: 'guides',
    summary: 'Write the Medications and Secure Messaging Product Guides (Markdown) [--out DIR, default docs/guides]',
    async run(args) {
      const i = args.indexOf('--out');
      const dir = i === -1 ? 'docs/guides' : args[i + 1];
      if (!dir) {
        process.stderr.write('rxbridge guides: --out needs a directory\n');
        return 2;
      }
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'medications.md'), renderMedicationsGuide());
      await writeFile(path.join(dir, 'secure-messaging.md'), renderSecureMessagingGuide());
      process.stdout.write(`wrote ${dir}/medications.md and ${dir}/secure-messaging.md\n`);
      return 0;
    },
  },
  {
    name: 'datadog',
    summary: 'Write the Datadog dashboard and monitors (API JSON) generated from the flow-URL registry [--out DIR, default ops/datadog]',
    async run(args) {
      const i = args.indexOf('--out');
      const dir = i === -1 ? 'ops/datadog' : args[i + 1];
      if (!dir) {
        process.stderr.write('rxbridge datadog: --out needs a directory\n');
        return 2;
      }
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'dashboard.json'), `${JSON.stringify(datadogDashboard(), null, 2)}\n`);
      await writeFile(path.join(dir, 'monitors.json'), `${JSON.stringify(datadogMonitors(), null, 2)}\n`);
      process.stdout.write(`wrote ${dir}/dashboard.json and ${dir}/monitors.json\n`);
      return 0;
    },
  },
];
