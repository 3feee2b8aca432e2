// Query keys and query options, one module per resource. Pages use these
// instead of writing key arrays, so a change invalidates the same keys the
// lists and details were cached under.
//
// Convention: `xKeys.all` (plural root) holds a resource's collections (lists,
// searches, derived views); one item and its sub-resources live under
// `xKeys.detail(id)` (singular root). Invalidating `all` after a change
// refreshes every list without refetching the detail the change's answer was
// just written into; invalidating a `detail` refreshes the item and
// everything below it.

export * from './cases';
export * from './find';
export * from './licensing';
export * from './me';
export * from './orders';
export * from './outbox';
export * from './smartAccounts';
export * from './tokenLookups';
export * from './transfers';
export * from './virtualAccounts';
