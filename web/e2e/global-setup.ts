import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`e2e setup: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a real `entitled serve` for the run: a fresh SQLite database in a temp
 * directory, loaded with `entitled demo`, on a free port (written to a port
 * file), serving the built UI. Tests read the address from E2E_BASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  const binary = resolve(webDir, process.env.ENTITLED_BINARY ?? '../build/entitled');
  const webRoot = resolve(webDir, 'dist');
  if (!existsSync(binary)) throw new Error(`e2e setup: no server binary at ${binary} (set ENTITLED_BINARY)`);
  if (!existsSync(join(webRoot, 'index.html'))) {
    throw new Error(`e2e setup: no built UI in ${webRoot}; run "npm run build" first`);
  }

  const tmp = mkdtempSync(join(tmpdir(), 'entitled-e2e-'));
  const database = `sqlite:${join(tmp, 'e2e.db')}`;
  const portFile = join(tmp, 'port');
  const logFile = join(tmp, 'server.log');

  execFileSync(binary, ['demo', '--database', database], { stdio: ['ignore', 'ignore', 'inherit'] });

  const log = openSync(logFile, 'a');
  const server = spawn(
    binary,
    [
      'serve',
      '--database',
      database,
      '--listen',
      '127.0.0.1:0',
      '--port-file',
      portFile,
      // The key that seals TOTP secrets lives beside the run's database, not in web/.
      '--key-dir',
      join(tmp, 'keys'),
      '--web-root',
      webRoot,
      '--threads',
      '2',
      '--log-level',
      'warn',
      // The default requires a second factor for internal staff with a
      // platform flag; the specs sign admins in with the password alone.
      '--staff-totp',
      'optional',
    ],
    { stdio: ['ignore', log, log], detached: false },
  );
  let exited: string | null = null;
  server.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

  process.env.E2E_SERVER_PID = String(server.pid);
  process.env.E2E_TMP_DIR = tmp;

  try {
    const port = await waitFor('the port file', 30_000, async () => {
      if (exited) throw new Error(`entitled serve ${exited}`);
      const text = existsSync(portFile) ? readFileSync(portFile, 'utf8').trim() : '';
      return /^\d+$/.test(text) ? text : undefined;
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor('/readyz', 30_000, async () => ((await fetch(`${baseUrl}/readyz`)).ok ? true : undefined));
    process.env.E2E_BASE_URL = baseUrl;
    console.log(`e2e: entitled serve on ${baseUrl} (database ${database}, log ${logFile})`);
  } catch (error) {
    server.kill('SIGTERM');
    const output = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    throw new Error(`${(error as Error).message}${exited ? ` (server ${exited})` : ''}\n${output}`);
  }
}
