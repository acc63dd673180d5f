/**
 * Summarise a V8 .cpuprofile (e.g. from `npm run bench:pipeline -- --cpu-prof DIR`):
 *   npx tsx bench/cpuprofile-top.ts FILE [--top 25]
 * Prints the busy time (idle left out), the top functions by self time, and self time by owner:
 * each sample goes to the nearest frame on its stack that belongs to a package (node_modules/X),
 * our code (src/<feature>, sandbox/<stand-in>), Node's HTTP or fetch (undici, web streams, abort
 * signals), so native leaves such as `writev` are charged to whoever called them ("[socket write]"
 * marks those). Samples are wall-clock: on a loaded machine a syscall that wakes another process
 * (a socket write to PostgreSQL) also collects the time the process waited to run again.
 */
import { readFileSync } from 'node:fs';
import { arg } from './support.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file || file.startsWith('--')) throw new Error('usage: tsx bench/cpuprofile-top.ts FILE [--top N]');
const top = arg('top', 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String']);
function owner(url: string): string | null {
  if (url.includes('internal/deps/undici') || url.includes('internal/webstreams') || url.includes('abort_controller')) return 'fetch (undici)';
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!.startsWith('pg') ? 'pg' : pkg[1]!;
  const ours = /\/(src|sandbox|bench|test)\/(.*?)\/[^/]*$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.includes('_http_')) return 'node:http';
  return null;
}
const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/(src|sandbox|bench|test)\//, '$1/');

const selfByFunction = new Map<string, number>();
const selfByOwner = new Map<string, number>();
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  const leaf = byId.get(id)!.callFrame;
  if (leaf.functionName === '(idle)') continue;
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  busy += dt;
  const fn = `${leaf.functionName || '(anonymous)'} ${short(leaf.url)}${leaf.url ? `:${leaf.lineNumber + 1}` : ''}`;
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
  let who: string | null = null;
  for (let c: number | undefined = id; c !== undefined && !who; c = parent.get(c)) who = owner(byId.get(c)!.callFrame.url);
  who ??= leaf.functionName === '(garbage collector)' ? 'GC' : `other: ${leaf.functionName}`;
  if (SOCKET_WRITES.has(leaf.functionName)) who += ' [socket write]';
  selfByOwner.set(who, (selfByOwner.get(who) ?? 0) + dt);
}

const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${k}\n`);
};
process.stdout.write(`${file}: ${busy.toFixed(0)} ms busy (idle left out)\n`);
print('self time by function:', selfByFunction);
print('self time by owner (nearest package / feature on the stack):', selfByOwner);
