import { rmSync } from 'node:fs';

/** Stops the server that global-setup started and removes its temp directory. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.E2E_SERVER_PID);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      let alive = true;
      while (alive && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          process.kill(pid, 0);
        } catch {
          alive = false;
        }
      }
      if (alive) process.kill(pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  }
  const tmp = process.env.E2E_TMP_DIR;
  if (tmp && !process.env.E2E_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
}
