/**
 * The house rules, checked by `npm run lint:deps` (part of `npm test`): floors only point down,
 * rooms meet through each other's front door (index.ts), the stand-ins and the web app stay apart.
 *
 * Floors, lowest first. A room may import its own floor's files and any lower floor.
 *   shared        code for browser, server and stand-ins alike (no dependencies)
 *   platform      config, db, jobs, http, logging (imports no feature)
 *   integrations  clients of outside services (VA Notify, VA Profile, AAL, event bus)
 *   identity → tracking → medications → messaging → monitoring   (features)
 *   server, worker, cli, seed                                     (entry points: wire features)
 * Tests (*.test.ts, test/) may reach anywhere: they set up state through internals on purpose.
 */
const FLOORS = ['shared', 'platform', 'integrations', 'identity', 'tracking', 'medications', 'messaging', 'monitoring'];
const FEATURES = ['identity', 'tracking', 'medications', 'messaging', 'monitoring'];
const ENTRY = ['server', 'worker', 'cli', 'seed'];
const TEST = '(\\.test\\.ts$|^test/)';

const upward = FLOORS.map((room, i) => ({
  name: `floor-${room}`,
  comment: `src/${room} may import only lower floors (${FLOORS.slice(0, i).join(', ') || 'none'}), never ${[...FLOORS.slice(i + 1), ...ENTRY].join(', ')}`,
  severity: 'error',
  from: { path: `^src/${room}/`, pathNot: TEST },
  to: { path: `^src/(${[...FLOORS.slice(i + 1), ...ENTRY].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'front-door',
      comment: 'Outside a feature, import it only through its index.ts (its public surface), never its internals',
      severity: 'error',
      from: { path: `^src/([^/]+)/`, pathNot: TEST },
      to: { path: `^src/(${FEATURES.join('|')})/`, pathNot: [`^src/(${FEATURES.join('|')})/index\\.ts$`, '^src/$1/'] },
    },
    {
      name: 'tracking-seam',
      comment:
        'Tracking ingest hands dispense events to one DispenseSink (dispense-event.ts); it never imports shipments or the event bus (src/tracking/pipeline.ts wires them)',
      severity: 'error',
      from: { path: '^src/tracking/ingest/', pathNot: TEST },
      to: { path: '^src/tracking/(shipments|event-bus)/' },
    },
    {
      name: 'stand-ins-apart',
      comment: 'The stand-ins (sandbox/) are other services: they import only src/shared, never app internals',
      severity: 'error',
      from: { path: '^sandbox/', pathNot: TEST },
      to: { path: '^(src/(?!shared/)|test/|web/)' },
    },
    {
      name: 'web-imports-shared-only',
      comment: 'The web app imports only web/ and src/shared/ (API types come from src/shared as z.infer types)',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src/(?!shared/)|sandbox/|test/)' },
    },
    {
      name: 'app-never-imports-tests-or-stand-ins',
      severity: 'error',
      from: { path: '^src/', pathNot: `${TEST}|^src/server/main\\.ts$` },
      to: { path: '^(test/|sandbox/|web/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: TEST },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
