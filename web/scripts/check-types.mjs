// Fails when src/api/schema.d.ts is not what openapi-typescript makes of
// docs/openapi.json today, so the UI's API types cannot drift from the
// document. Regenerate with `npm run gen:types`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(web, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'entitled-schema-'));
const fresh = join(dir, 'schema.d.ts');
try {
  execFileSync(
    process.execPath,
    [join(web, 'node_modules/openapi-typescript/bin/cli.js'), join(web, '../docs/openapi.json'), '-o', fresh],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let current = null;
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    // missing: stale as well
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error('src/api/schema.d.ts is stale: run npm run gen:types');
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
