import { describe, expect, it } from 'vitest';
import { caseKeys, orderKeys, smartAccountKeys, transferKeys, virtualAccountKeys } from '.';

/** `prefix` invalidates `key` (TanStack Query matches keys by prefix). */
function covers(prefix: readonly unknown[], key: readonly unknown[]) {
  return JSON.stringify(key.slice(0, prefix.length)) === JSON.stringify(prefix);
}

describe('query keys', () => {
  it('keeps a Smart Account, its lists, event log and Virtual Accounts\' assets below its detail', () => {
    const detail = smartAccountKeys.detail(7);
    expect(detail).toEqual(smartAccountKeys.detail('7'));
    for (const key of [
      smartAccountKeys.assetSummary(7),
      smartAccountKeys.virtualAccounts(7),
      smartAccountKeys.assignableVirtualAccounts(7),
      smartAccountKeys.members(7),
      smartAccountKeys.eventList(7, { action: 'x' }),
      virtualAccountKeys.licenses(7, 3),
      virtualAccountKeys.licenseSummary(7, 3),
      virtualAccountKeys.deviceList(7, 3, 'q'),
      virtualAccountKeys.tokens(7, 3),
      virtualAccountKeys.leases(7, 3),
    ]) {
      expect(covers(detail, key)).toBe(true);
      expect(covers(smartAccountKeys.details(), key)).toBe(true);
    }
    expect(covers(smartAccountKeys.detail(8), smartAccountKeys.members(7))).toBe(false);
  });

  it('lists live under `all` and details apart, so a detail written from an answer is not refetched by a list refresh', () => {
    for (const [keys, detail] of [
      [orderKeys, orderKeys.detail('SO-1')],
      [transferKeys, transferKeys.detail(5)],
      [caseKeys, caseKeys.detail(5)],
      [smartAccountKeys, smartAccountKeys.detail(5)],
    ] as const) {
      expect(covers(keys.all, detail)).toBe(false);
      expect(covers(keys.details(), detail)).toBe(true);
    }
    expect(covers(orderKeys.all, orderKeys.list({ q: '', sa_hold: true }))).toBe(true);
    expect(covers(orderKeys.all, orderKeys.onHold())).toBe(true);
    expect(covers(orderKeys.detail('SO-1'), orderKeys.history('SO-1'))).toBe(true);
    expect(covers(transferKeys.all, transferKeys.list({ role: 'compliance', status: undefined }))).toBe(true);
    expect(covers(transferKeys.all, transferKeys.eligibleAssets(9))).toBe(true);
    expect(covers(caseKeys.all, caseKeys.list({ status: 'open' }))).toBe(true);
    expect(covers(smartAccountKeys.all, smartAccountKeys.mine())).toBe(true);
  });
});
