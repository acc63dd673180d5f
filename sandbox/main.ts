/** Run the local stand-ins on their own: `npx tsx sandbox/main.ts`. */
import { startSandboxes } from './start.js';

const s = await startSandboxes({ notifyPort: 3101, profilePort: 3102, aalPort: 3103, allowHttpCallbacks: true, serviceCallbackUrl: process.env.SANDBOX_CALLBACK_URL ?? null });
process.stdout.write(`VA Notify stand-in  ${s.notifyUrl}/\nVA Profile stand-in ${s.profileUrl}\nMHV AAL stand-in    ${s.aalUrl}/mhvapi/v1\n`);
const stop = () => void s.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
