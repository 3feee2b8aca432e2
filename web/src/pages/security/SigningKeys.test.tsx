import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SigningKey } from '../../api/types';
import { admin, paula, renderApp, signedInServer } from '../../test/mockApi';
import { keyStates } from './SigningKeys';

/** Newest first, as the server lists them: k3 signs, k2 still verifies, k1 is retired. */
const keys: SigningKey[] = [
  { kid: 'k3-2026-12', alg: 'Ed25519', public_key: 'PUB3', created_at: '2026-12-01T12:00:00Z', retired_at: null },
  { kid: 'k2-2026-06', alg: 'Ed25519', public_key: 'PUB2', created_at: '2026-06-01T12:00:00Z', retired_at: null },
  { kid: 'k1-2026-01', alg: 'Ed25519', public_key: 'PUB1', created_at: '2026-01-01T12:00:00Z', retired_at: '2026-07-15T12:00:00Z' },
];

function server(user = admin, list = keys) {
  return signedInServer(user).on('GET /api/v1/licensing/keys', { body: { keys: list } });
}

describe('Signing keys (Security page, platform admins)', () => {
  it('names the signing key: the first one not retired', () => {
    expect(keyStates(keys)).toEqual(['signs', 'verifies', 'retired']);
    expect(keyStates([{ ...keys[0], retired_at: '2026-12-02T00:00:00Z' }, keys[1]])).toEqual(['retired', 'signs']);
    expect(keyStates([])).toEqual([]);
  });

  it('lists the keys with their state in words and the retired date', async () => {
    renderApp(server(), '/security');
    const section = await screen.findByRole('region', { name: 'Signing keys' });
    const table = await within(section).findByRole('table', { name: 'Signing keys, newest first' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Key ID', 'Algorithm', 'Created', 'State', 'Retired', 'Public key',
    ]);
    const stateOf = (kid: string) => within(within(table).getByRole('row', { name: new RegExp(kid) })).getAllByRole('cell');
    expect(stateOf('k3-2026-12')[2]).toHaveTextContent(/^Signs$/);
    expect(stateOf('k3-2026-12')[3]).toHaveTextContent(/^—$/);
    expect(stateOf('k2-2026-06')[2]).toHaveTextContent(/^Verifies$/);
    expect(stateOf('k1-2026-01')[2]).toHaveTextContent(/^Retired$/);
    expect(stateOf('k1-2026-01')[3]).toHaveTextContent('Jul 15, 2026');
    expect(stateOf('k1-2026-01')[3].querySelector('time')).toHaveAttribute('datetime', '2026-07-15T12:00:00Z');
    expect(stateOf('k1-2026-01')[1].querySelector('time')).toHaveAttribute('datetime', '2026-01-01T12:00:00Z');
    expect(stateOf('k3-2026-12')[4]).toHaveTextContent('PUB3');
  });

  it('says when there is no key yet', async () => {
    renderApp(server(admin, []), '/security');
    expect(await screen.findByText('No signing key yet. The server creates one when it starts.')).toBeInTheDocument();
  });

  it('is not shown to, nor fetched for, someone who is not a platform admin', async () => {
    const s = server(paula);
    renderApp(s, '/security');
    expect(await screen.findByRole('heading', { name: 'Two-factor authentication', level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Signing keys' })).not.toBeInTheDocument();
    expect(s.callsTo('GET /api/v1/licensing/keys')).toHaveLength(0);
  });

  it('speaks German', async () => {
    renderApp(server({ ...admin, locale: 'de' }), '/security');
    const table = await screen.findByRole('table', { name: 'Signaturschlüssel, neueste zuerst' });
    expect(within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual([
      'Signiert', 'Prüft', 'Zurückgezogen',
    ]);
  });
});
