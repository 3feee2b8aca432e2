import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { smartAccountKeys, smartAccountQueries, virtualAccountKeys, virtualAccountQueries } from '../api/queries';
import { can } from '../api/permissions';
import type {
  CreatedRegistrationToken,
  Device,
  LicenseSummaryRow,
  RegistrationToken,
  SmartAccount,
  VirtualAccount,
} from '../api/types';
import { useApi } from '../components/ApiContext';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { EmptyState, Loading } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { orderPath } from '../components/orderLabels';
import { LoadMore } from '../components/Pager';
import { DataTable } from '../components/DataTable';

const TAB_KEYS = ['licenses', 'devices', 'tokens'] as const;
type TabKey = (typeof TAB_KEYS)[number];

export function virtualAccountPath(accountId: string | number, vaId: string | number): string {
  return `/smart-accounts/${encodeURIComponent(String(accountId))}/virtual-accounts/${encodeURIComponent(String(vaId))}`;
}

/** A short-lived success message (role=status) for the last action. */
function Done({ message }: { message: string | null }) {
  return (
    <p className="notice notice-success" role="status" hidden={!message}>
      {message}
    </p>
  );
}

/** Localized names of the values of licenses, devices and tokens; unknown values shown as sent. */
function useAssetLabels() {
  const { t } = useTranslation();
  return {
    licenseType: (v: string) => (v === 'perpetual' || v === 'term' ? t(`vaPage.licenseType.${v}`) : v),
    buyingModel: (v: string) =>
      v === 'transactional' || v === 'enterprise_agreement' ? t(`vaPage.buyingModel.${v}`) : v,
    deployment: (v: string) => (v === 'cloud' || v === 'on_prem' ? t(`vaPage.deployment.${v}`) : v),
    tokenStatus: (v: string) =>
      v === 'active' || v === 'expired' || v === 'revoked' || v === 'used_up' ? t(`vaPage.tokens.status.${v}`) : v,
  };
}

// --- Licenses -------------------------------------------------------------------

function SummaryTable({ rows }: { rows: LicenseSummaryRow[] }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  return (
    <DataTable caption={t('vaPage.summary.caption')} region={false}>
      <thead>
        <tr>
          <th scope="col">{t('vaPage.summary.product')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.purchased')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.inUse')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.reserved')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.available')}</th>
          <th scope="col" className="cell-number">{t('vaPage.summary.shortage')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.product} className={r.shortage > 0 ? 'row-shortage' : undefined}>
            <th scope="row">{r.product}</th>
            <td className="cell-number">{fmt.number(r.purchased)}</td>
            <td className="cell-number">{fmt.number(r.in_use)}</td>
            <td className="cell-number">{fmt.number(r.reserved)}</td>
            <td className="cell-number">{fmt.number(r.available)}</td>
            <td className="cell-number">
              {r.shortage > 0 ? (
                <>
                  <strong>{fmt.number(r.shortage)}</strong>{' '}
                  <span className="badge badge-shortage">{t('vaPage.summary.shortageBadge')}</span>
                </>
              ) : (
                fmt.number(r.shortage)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function LotsTable({ accountId, vaId }: { accountId: string; vaId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const query = useInfiniteQuery(virtualAccountQueries.licenses(api, accountId, vaId));
  const lots = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && lots.length === 0 && <EmptyState>{t('vaPage.lots.empty')}</EmptyState>}
      {lots.length > 0 && (
        <DataTable caption={t('vaPage.lots.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.lots.product')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.quantity')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.inUse')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.reserved')}</th>
              <th scope="col" className="cell-number">{t('vaPage.lots.available')}</th>
              <th scope="col">{t('vaPage.lots.type')}</th>
              <th scope="col">{t('vaPage.lots.buyingModel')}</th>
              <th scope="col">{t('vaPage.lots.starts')}</th>
              <th scope="col">{t('vaPage.lots.ends')}</th>
              <th scope="col">{t('vaPage.lots.source')}</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {l.product}
                  {l.expired && (
                    <>
                      {' '}
                      <span className="badge badge-failed">{t('vaPage.lots.expired')}</span>
                    </>
                  )}
                </th>
                <td className="cell-number">{fmt.number(l.quantity)}</td>
                <td className="cell-number">{fmt.number(l.in_use)}</td>
                <td className="cell-number">{fmt.number(l.reserved)}</td>
                <td className="cell-number">{fmt.number(l.available)}</td>
                <td>{labels.licenseType(l.license_type)}</td>
                <td>{labels.buyingModel(l.buying_model)}</td>
                <td className="cell-nowrap">{l.starts_at ? fmt.date(l.starts_at) : t('common.none')}</td>
                <td className="cell-nowrap">{l.ends_at ? fmt.date(l.ends_at) : t('vaPage.lots.noEnd')}</td>
                <td className="cell-nowrap">
                  {l.source ? (
                    <Link to={orderPath(l.source.order)}>
                      {t('vaPage.lots.sourceValue', { order: l.source.order, line: l.source.line_number })}
                    </Link>
                  ) : (
                    t('common.none')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <LoadMore query={query} />
    </>
  );
}

function MoveForm({
  va,
  rows,
  others,
  onDone,
}: {
  va: VirtualAccount;
  rows: LicenseSummaryRow[];
  others: VirtualAccount[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const movable = rows.filter((r) => r.available > 0);
  const [values, setValues] = useState({ product: '', quantity: '1', to: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (input: { product: string; quantity: number; to: VirtualAccount }) =>
      api.moveLicenses(va.id, { to_virtual_account_id: input.to.id, product: input.product, quantity: input.quantity }),
    onSuccess: (result, input) => {
      setValues({ product: '', quantity: '1', to: '' });
      onDone(
        t('vaPage.move.done', {
          quantity: result?.quantity ?? input.quantity,
          product: result?.product ?? input.product,
          to: input.to.name,
        }),
      );
    },
  });
  const server = fieldErrorMap(mutation.error);
  const errors: Record<string, string | undefined> = {
    product: local.product ?? server.product,
    quantity: local.quantity ?? server.quantity,
    to: local.to ?? server.to_virtual_account_id,
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const quantity = Number(values.quantity);
    if (!values.product) next.product = t('form.required');
    if (!values.quantity.trim()) next.quantity = t('form.required');
    else if (!Number.isInteger(quantity) || quantity < 1) next.quantity = t('vaPage.move.quantityInvalid');
    const to = others.find((o) => String(o.id) === values.to);
    if (!to) next.to = t('form.required');
    setLocal(next);
    if (Object.keys(next).length > 0 || !to) return;
    mutation.mutate({ product: values.product, quantity, to });
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('vaPage.move.title')}</h3>
      <p className="section-description">{t('vaPage.move.description')}</p>
      {mutation.error != null && (
        <ErrorAlert error={mutation.error} shownFields={['product', 'quantity', 'to_virtual_account_id']} />
      )}
      {movable.length === 0 || others.length === 0 ? (
        <p>{movable.length === 0 ? t('vaPage.move.nothingToMove') : t('vaPage.move.noOtherAccount')}</p>
      ) : (
        <>
          <SelectField
            name="product"
            label={t('vaPage.move.product')}
            value={values.product}
            onChange={(e) => setValues((v) => ({ ...v, product: e.target.value }))}
            error={errors.product}
            required
          >
            <option value="">{t('vaPage.move.chooseProduct')}</option>
            {movable.map((r) => (
              <option key={r.product} value={r.product}>
                {t('vaPage.move.productOption', { product: r.product, available: r.available })}
              </option>
            ))}
          </SelectField>
          <TextField
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            label={t('vaPage.move.quantity')}
            value={values.quantity}
            onChange={(e) => setValues((v) => ({ ...v, quantity: e.target.value }))}
            error={errors.quantity}
            required
            className="field-narrow"
          />
          <SelectField
            name="to_virtual_account_id"
            label={t('vaPage.move.to')}
            value={values.to}
            onChange={(e) => setValues((v) => ({ ...v, to: e.target.value }))}
            error={errors.to}
            required
          >
            <option value="">{t('vaPage.move.chooseTo')}</option>
            {others.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={mutation.isPending}>
              {mutation.isPending ? t('vaPage.move.moving') : t('vaPage.move.submit')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

function LicensesTab({
  account,
  va,
  canManage,
}: {
  account: SmartAccount;
  va: VirtualAccount;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const accountId = String(account.id);
  const vaId = String(va.id);
  const [done, setDone] = useState<string | null>(null);
  const summary = useQuery(virtualAccountQueries.licenseSummary(api, accountId, vaId));
  const rows = (summary.data?.items ?? []).filter(
    (r) => r.virtual_account_id == null || String(r.virtual_account_id) === vaId,
  );
  const others = (account.virtual_accounts ?? []).filter((o) => String(o.id) !== vaId);
  const onMoved = (message: string) => {
    setDone(message);
    // Both Virtual Accounts changed: refetch everything of the account.
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.detail(accountId) });
  };
  return (
    <>
      <h2>{t('vaPage.tabs.licenses')}</h2>
      <Done message={done} />
      <div className="page-actions">
        <a className="button button-secondary" href={api.licensesCsvUrl(accountId, vaId)} download={`licenses-${vaId}.csv`}>
          {t('vaPage.exportCsv')}
        </a>
      </div>
      {summary.isPending && <Loading />}
      {summary.isError && <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />}
      {summary.isSuccess && rows.length === 0 && <EmptyState>{t('vaPage.summary.empty')}</EmptyState>}
      {rows.length > 0 && <SummaryTable rows={rows} />}
      <h3>{t('vaPage.lots.title')}</h3>
      <LotsTable accountId={accountId} vaId={vaId} />
      {canManage && summary.isSuccess && <MoveForm va={va} rows={rows} others={others} onDone={onMoved} />}
    </>
  );
}

// --- Devices ----------------------------------------------------------------------

function usageText(device: Device): string {
  return (device.usage ?? []).map((u) => `${u.product} × ${u.count}`).join(', ');
}

function DevicesTab({ accountId, vaId, canManage }: { accountId: string; vaId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const queryClient = useQueryClient();
  const formId = useId();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Device | null>(null);
  const query = useInfiniteQuery(virtualAccountQueries.devices(api, accountId, vaId, q));
  const remove = useMutation({
    mutationFn: (d: Device) => api.deleteDevice(d.id),
    onSuccess: (_r, d) => {
      setDeleting(null);
      setDone(t('vaPage.devices.deleted', { name: d.name }));
      void queryClient.invalidateQueries({ queryKey: virtualAccountKeys.detail(accountId, vaId) });
      void queryClient.invalidateQueries({ queryKey: smartAccountKeys.assetSummary(accountId) });
    },
  });
  const devices = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };
  return (
    <>
      <h2>{t('vaPage.tabs.devices')}</h2>
      <Done message={done} />
      <form className="filter-form" onSubmit={onSubmit} role="search" aria-labelledby={`${formId}-legend`}>
        <h3 id={`${formId}-legend`} className="visually-hidden">
          {t('vaPage.devices.searchLegend')}
        </h3>
        <TextField
          name="q"
          type="search"
          label={t('vaPage.devices.search')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('vaPage.devices.searchSubmit')}
          </button>
          <a className="button button-secondary" href={api.devicesCsvUrl(accountId, vaId)} download={`devices-${vaId}.csv`}>
            {t('vaPage.exportCsv')}
          </a>
        </div>
      </form>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && devices.length === 0 && (
        <EmptyState>{q ? t('vaPage.devices.emptyFiltered') : t('vaPage.devices.empty')}</EmptyState>
      )}
      {devices.length > 0 && (
        <DataTable caption={t('vaPage.devices.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.devices.name')}</th>
              <th scope="col">{t('vaPage.devices.serial')}</th>
              <th scope="col">{t('vaPage.devices.product')}</th>
              <th scope="col">{t('vaPage.devices.deployment')}</th>
              <th scope="col">{t('vaPage.devices.usage')}</th>
              <th scope="col">{t('vaPage.devices.registered')}</th>
              <th scope="col">{t('vaPage.devices.lastSeen')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td>
                  <code>{d.serial}</code>
                </td>
                <td>{d.product}</td>
                <td>{labels.deployment(d.deployment)}</td>
                <td>{usageText(d) || t('common.none')}</td>
                <td className="cell-nowrap">{fmt.dateTime(d.registered_at)}</td>
                <td className="cell-nowrap">{d.last_seen_at ? fmt.dateTime(d.last_seen_at) : t('common.none')}</td>
                {canManage && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={t('vaPage.devices.deleteLabel', { name: d.name })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(d);
                      }}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <LoadMore query={query} />
      {deleting && (
        <ConfirmDialog
          title={t('vaPage.devices.deleteTitle')}
          message={t('vaPage.devices.deleteConfirm', { name: deleting.name, serial: deleting.serial })}
          confirmLabel={t('common.delete')}
          cancelLabel={t('common.cancel')}
          busy={remove.isPending}
          error={remove.error != null ? <ErrorAlert error={remove.error} /> : undefined}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </>
  );
}

// --- Registration tokens ------------------------------------------------------------

const TOKEN_DEFAULTS = { description: '', expires: '30', maxUses: '10', exportControlled: false };

function CreateTokenForm({ vaId, onCreated }: { vaId: string; onCreated: (token: CreatedRegistrationToken) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [values, setValues] = useState(TOKEN_DEFAULTS);
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: () =>
      api.createToken(vaId, {
        description: values.description.trim(),
        expires_in_days: Number(values.expires),
        max_uses: Number(values.maxUses),
        export_controlled: values.exportControlled,
      }),
    onSuccess: (token) => {
      setValues(TOKEN_DEFAULTS);
      onCreated(token);
    },
  });
  const server = fieldErrorMap(mutation.error);
  const errors: Record<string, string | undefined> = {
    description: local.description ?? server.description,
    expires: local.expires ?? server.expires_in_days,
    maxUses: local.maxUses ?? server.max_uses,
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!values.description.trim()) next.description = t('form.required');
    const days = Number(values.expires);
    if (!values.expires.trim() || !Number.isInteger(days) || days < 1 || days > 365) {
      next.expires = t('vaPage.tokens.expiresInvalid');
    }
    const uses = Number(values.maxUses);
    if (!values.maxUses.trim() || !Number.isInteger(uses) || uses < 1) next.maxUses = t('vaPage.tokens.maxUsesInvalid');
    setLocal(next);
    if (Object.keys(next).length === 0) mutation.mutate();
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('vaPage.tokens.createTitle')}</h3>
      {mutation.error != null && (
        <ErrorAlert
          error={mutation.error}
          shownFields={['description', 'expires_in_days', 'max_uses']}
        />
      )}
      <TextField
        name="description"
        label={t('vaPage.tokens.description')}
        value={values.description}
        onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
        error={errors.description}
        required
        maxLength={200}
      />
      <TextField
        name="expires_in_days"
        type="number"
        inputMode="numeric"
        min={1}
        max={365}
        step={1}
        label={t('vaPage.tokens.expiresIn')}
        value={values.expires}
        onChange={(e) => setValues((v) => ({ ...v, expires: e.target.value }))}
        error={errors.expires}
        className="field-narrow"
      />
      <TextField
        name="max_uses"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        label={t('vaPage.tokens.maxUses')}
        value={values.maxUses}
        onChange={(e) => setValues((v) => ({ ...v, maxUses: e.target.value }))}
        error={errors.maxUses}
        className="field-narrow"
      />
      <label className="check-field">
        <input
          type="checkbox"
          name="export_controlled"
          checked={values.exportControlled}
          onChange={(e) => setValues((v) => ({ ...v, exportControlled: e.target.checked }))}
        />
        <span>{t('vaPage.tokens.exportControlledField')}</span>
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('vaPage.tokens.creating') : t('vaPage.tokens.create')}
        </button>
      </div>
    </form>
  );
}

/** The secret of a new token: shown once, until "Done". */
function SecretPanel({ token, onDone }: { token: CreatedRegistrationToken; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="notice notice-success secret-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="notice-title">
        {t('vaPage.tokens.secretTitle', { description: token.description })}
      </h3>
      <p>{t('vaPage.tokens.secretNote')}</p>
      <TextField
        name="secret"
        label={t('vaPage.tokens.secret')}
        value={token.token}
        readOnly
        className="field-mono"
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          {t('vaPage.tokens.copy')}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          {t('vaPage.tokens.done')}
        </button>
      </div>
      <p role="status" className="field-hint">
        {copied === 'yes' ? t('vaPage.tokens.copied') : copied === 'failed' ? t('vaPage.tokens.copyFailed') : ''}
      </p>
    </section>
  );
}

function TokensTab({ accountId, vaId, canManage }: { accountId: string; vaId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const labels = useAssetLabels();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedRegistrationToken | null>(null);
  const [revoking, setRevoking] = useState<RegistrationToken | null>(null);
  const key = virtualAccountKeys.tokens(accountId, vaId);
  const list = useQuery(virtualAccountQueries.tokens(api, accountId, vaId));
  const revoke = useMutation({
    mutationFn: (token: RegistrationToken) => api.revokeToken(vaId, token.id),
    onSuccess: (_r, token) => {
      setRevoking(null);
      setDone(t('vaPage.tokens.revoked', { description: token.description }));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const tokens = list.data?.items ?? [];
  return (
    <>
      <h2>{t('vaPage.tabs.tokens')}</h2>
      <p className="section-description">{t('vaPage.tokens.intro')}</p>
      <Done message={done} />
      {created && <SecretPanel token={created} onDone={() => setCreated(null)} />}
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && tokens.length === 0 && <EmptyState>{t('vaPage.tokens.empty')}</EmptyState>}
      {tokens.length > 0 && (
        <DataTable caption={t('vaPage.tokens.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('vaPage.tokens.description')}</th>
              <th scope="col">{t('vaPage.tokens.statusColumn')}</th>
              <th scope="col" className="cell-number">{t('vaPage.tokens.uses')}</th>
              <th scope="col">{t('vaPage.tokens.expires')}</th>
              <th scope="col">{t('vaPage.tokens.exportControlled')}</th>
              {canManage && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {tokens.map((tok) => (
              <tr key={tok.id}>
                <th scope="row">{tok.description}</th>
                <td>
                  <span className={`badge badge-token-${tok.status === 'active' ? 'active' : 'inactive'}`}>
                    {labels.tokenStatus(tok.status)}
                  </span>
                </td>
                <td className="cell-number">{t('vaPage.tokens.usesValue', { uses: tok.uses, max: tok.max_uses })}</td>
                <td className="cell-nowrap">{fmt.date(tok.expires_at)}</td>
                <td>{tok.export_controlled ? t('vaPage.yes') : t('vaPage.no')}</td>
                {canManage && (
                  <td className="cell-actions">
                    {tok.status === 'active' && (
                      <button
                        type="button"
                        className="button button-small button-danger-outline"
                        aria-label={t('vaPage.tokens.revokeLabel', { description: tok.description })}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(tok);
                        }}
                      >
                        {t('vaPage.tokens.revoke')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canManage && (
        <CreateTokenForm
          vaId={vaId}
          onCreated={(token) => {
            setDone(null);
            setCreated(token);
            void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('vaPage.tokens.revokeTitle')}
          message={t('vaPage.tokens.revokeConfirm', { description: revoking.description })}
          confirmLabel={t('vaPage.tokens.revoke')}
          cancelLabel={t('common.cancel')}
          busy={revoke.isPending}
          error={revoke.error != null ? <ErrorAlert error={revoke.error} /> : undefined}
          onConfirm={() => revoke.mutate(revoking)}
          onCancel={() => setRevoking(null)}
        />
      )}
    </>
  );
}

// --- Page ---------------------------------------------------------------------------

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('vaPage.notFound.title')}</h1>
      <div className="alert alert-error" role="alert">
        <p>{t('vaPage.notFound.body')}</p>
      </div>
      <p>
        <Link to="/smart-accounts">{t('account.notFound.back')}</Link>
      </p>
    </>
  );
}

export function VirtualAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '', vaId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = (TAB_KEYS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'licenses';
  const query = useQuery(smartAccountQueries.detail(api, id));
  const account = query.data;
  const va = account?.virtual_accounts?.find((v) => String(v.id) === vaId);
  usePageTitle(va && account ? t('vaPage.heading', { va: va.name, account: account.name }) : t('vaPage.title'));

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFound />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!account || !va) return <NotFound />;
  // Moving licenses, deleting devices and managing tokens: the server says whether this VA allows it.
  const canManage = can(va, 'manage_assets');
  const selectTab = (key: TabKey) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/smart-accounts">{t('smartAccounts.title')}</Link>
        {' / '}
        <Link to={`/smart-accounts/${encodeURIComponent(String(account.id))}`}>{account.name}</Link>
      </p>
      <div className="title-row">
        <h1>{t('vaPage.heading', { va: va.name, account: account.name })}</h1>
      </div>
      {va.description && <p className="lead">{va.description}</p>}
      <Tabs
        label={t('vaPage.tabs.label')}
        selected={tab}
        onSelect={selectTab}
        tabs={[
          { key: 'licenses', label: t('vaPage.tabs.licenses') },
          { key: 'devices', label: t('vaPage.tabs.devices') },
          { key: 'tokens', label: t('vaPage.tabs.tokens') },
        ]}
      >
        {tab === 'licenses' && <LicensesTab account={account} va={va} canManage={canManage} />}
        {tab === 'devices' && <DevicesTab accountId={String(account.id)} vaId={vaId} canManage={canManage} />}
        {tab === 'tokens' && <TokensTab accountId={String(account.id)} vaId={vaId} canManage={canManage} />}
      </Tabs>
    </>
  );
}
