import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { fieldErrorMap, isApiError } from '../api/errors';
import { smartAccountKeys, smartAccountQueries } from '../api/queries';
import { can } from '../api/permissions';
import type {
  AccountEvent,
  EventFilters,
  Id,
  Member,
  SmartAccount,
  SmartAccountRole,
  VirtualAccount,
} from '../api/types';
import { useApi } from '../components/ApiContext';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { ROLE_KEYS, StatusBadge, useLabels } from '../components/labels';
import { EmptyState, Loading } from '../components/StatusViews';
import { Tabs } from '../components/Tabs';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';
import { DataTable } from '../components/DataTable';
import { actorName } from './AcceptInvitationPage';
import { virtualAccountPath } from './VirtualAccountPage';

const TAB_KEYS = ['virtual-accounts', 'users', 'events'] as const;
type TabKey = (typeof TAB_KEYS)[number];

/** A short-lived success message (role=status) for the last action. */
function Done({ message }: { message: string | null }) {
  return (
    <p className="notice notice-success" role="status" hidden={!message}>
      {message}
    </p>
  );
}

// --- Header and counts -------------------------------------------------------

function Header({ account }: { account: SmartAccount }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormatDate();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/smart-accounts">{t('smartAccounts.title')}</Link>
      </p>
      <div className="title-row">
        <h1>{account.name}</h1>
        <StatusBadge status={account.status} />
      </div>
      <dl className="details details-inline">
        <dt>{t('account.domain')}</dt>
        <dd>{account.domain}</dd>
        <dt>{t('account.kind')}</dt>
        <dd>{labels.kind(account.kind)}</dd>
        <dt>{t('account.status')}</dt>
        <dd>{labels.status(account.status)}</dd>
        <dt>{t('account.legalEntity')}</dt>
        <dd>
          {account.legal_entity
            ? t('account.legalEntityValue', { name: account.legal_entity.name, country: account.legal_entity.country })
            : t('common.none')}
        </dd>
        <dt>{t('account.created')}</dt>
        <dd>
          <time dateTime={account.created_at}>{fmt.date(account.created_at)}</time>
        </dd>
        {account.activated_at && (
          <>
            <dt>{t('account.activated')}</dt>
            <dd>
              <time dateTime={account.activated_at}>{fmt.date(account.activated_at)}</time>
            </dd>
          </>
        )}
        {account.status === 'pending' && account.expires_at && (
          <>
            <dt>{t('account.expires')}</dt>
            <dd>
              <time dateTime={account.expires_at}>{fmt.date(account.expires_at)}</time>
            </dd>
          </>
        )}
        <dt>{t('account.myRoles')}</dt>
        <dd>{account.my_roles.map(labels.role).join(', ') || t('common.none')}</dd>
      </dl>
      {account.status === 'pending' && <p className="notice notice-expired">{t('account.pendingNote')}</p>}
    </>
  );
}

function Counts({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const [shown, setShown] = useState(false);
  const regionId = useId();
  const query = useQuery({ ...smartAccountQueries.assetSummary(api, accountId), enabled: shown });
  const licenses = query.data?.licenses ?? [];
  return (
    <section className="counts" aria-labelledby={`${regionId}-title`}>
      <h2 id={`${regionId}-title`} className="visually-hidden">
        {t('account.counts.title')}
      </h2>
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={shown}
        aria-controls={regionId}
        onClick={() => setShown((s) => !s)}
      >
        {shown ? t('account.counts.hide') : t('account.counts.show')}
      </button>
      <div id={regionId} hidden={!shown}>
        {shown && query.isPending && <Loading />}
        {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        {shown && query.isSuccess && (
          <>
            {licenses.length === 0 ? (
              <EmptyState>{t('account.counts.empty')}</EmptyState>
            ) : (
              <DataTable caption={t('account.counts.caption')} region={false}>
                <thead>
                  <tr>
                    <th scope="col">{t('account.counts.product')}</th>
                    <th scope="col" className="cell-number">{t('account.counts.purchased')}</th>
                    <th scope="col" className="cell-number">{t('account.counts.inUse')}</th>
                    <th scope="col" className="cell-number">{t('account.counts.reserved')}</th>
                    <th scope="col" className="cell-number">{t('account.counts.available')}</th>
                  </tr>
                </thead>
                <tbody>
                  {licenses.map((l) => (
                    <tr key={l.product}>
                      <th scope="row">{l.product}</th>
                      <td className="cell-number">{fmt.number(l.purchased)}</td>
                      <td className="cell-number">{fmt.number(l.in_use)}</td>
                      <td className="cell-number">{fmt.number(l.reserved)}</td>
                      <td className="cell-number">{fmt.number(l.available)}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
            <p>{t('account.counts.devices', { devices: fmt.number(query.data.devices ?? 0) })}</p>
          </>
        )}
      </div>
    </section>
  );
}

// --- Virtual Accounts ---------------------------------------------------------

function VirtualAccountForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  title,
}: {
  initial: { name: string; description: string };
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: { name: string; description: string }) => void;
  onCancel?: () => void;
  title: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrorMap(error), ...local };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.name.trim()) {
      setLocal({ name: t('form.required') });
      return;
    }
    setLocal({});
    onSubmit({ name: values.name.trim(), description: values.description.trim() });
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {error != null && <ErrorAlert error={error} shownFields={['name', 'description']} />}
      <TextField
        name="va_name"
        label={t('account.va.name')}
        value={values.name}
        onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
        error={errors.name}
        required
      />
      <TextAreaField
        name="va_description"
        label={t('account.va.description')}
        value={values.description}
        onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
        error={errors.description}
        rows={2}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? t('common.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function VirtualAccountsTab({ accountId, isAdmin }: { accountId: string; isAdmin: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const fmt = useFormatDate();
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState<VirtualAccount | null>(null);
  const [deleting, setDeleting] = useState<VirtualAccount | null>(null);
  const [createKey, setCreateKey] = useState(0);
  const list = useQuery(smartAccountQueries.virtualAccounts(api, accountId));
  // The account (its Virtual Accounts), the lists and the event log: all below its detail.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: smartAccountKeys.detail(accountId) });

  const create = useMutation({
    mutationFn: (values: { name: string; description: string }) => api.createVirtualAccount(accountId, values),
    onSuccess: (va) => {
      setDone(t('account.va.created', { name: va.name }));
      setCreateKey((k) => k + 1);
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: (input: { id: Id; name: string; description: string }) =>
      api.updateVirtualAccount(input.id, { name: input.name, description: input.description }),
    onSuccess: (va) => {
      setDone(t('account.va.renamed', { name: va.name }));
      setEditing(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (va: VirtualAccount) => api.deleteVirtualAccount(va.id),
    onSuccess: (_r, va) => {
      setDone(t('account.va.deleted', { name: va.name }));
      setDeleting(null);
      refresh();
    },
  });

  const items = list.data?.items ?? [];
  return (
    <>
      <h2>{t('account.tabs.virtualAccounts')}</h2>
      <Done message={done} />
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && <EmptyState>{t('account.va.empty')}</EmptyState>}
      {items.length > 0 && (
        <DataTable caption={t('account.va.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.va.name')}</th>
              <th scope="col">{t('account.va.description')}</th>
              <th scope="col">{t('account.va.created_at')}</th>
              {isAdmin && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((va) => (
              <tr key={va.id}>
                <th scope="row">
                  <Link to={virtualAccountPath(accountId, va.id)}>{va.name}</Link>
                </th>
                <td>{va.description || t('common.none')}</td>
                <td className="cell-nowrap">{va.created_at ? fmt.date(va.created_at) : t('common.none')}</td>
                {isAdmin && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      aria-label={t('account.va.renameLabel', { name: va.name })}
                      onClick={() => {
                        update.reset();
                        setEditing(va);
                      }}
                    >
                      {t('account.va.rename')}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={t('account.va.deleteLabel', { name: va.name })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(va);
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
      {isAdmin && editing && (
        <VirtualAccountForm
          key={`edit-${editing.id}`}
          title={t('account.va.renameTitle', { name: editing.name })}
          initial={{ name: editing.name, description: editing.description ?? '' }}
          submitLabel={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onSubmit={(values) => update.mutate({ id: editing.id, ...values })}
          onCancel={() => setEditing(null)}
        />
      )}
      {isAdmin && (
        <VirtualAccountForm
          key={`create-${createKey}`}
          title={t('account.va.createTitle')}
          initial={{ name: '', description: '' }}
          submitLabel={t('account.va.create')}
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutate(values)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('account.va.deleteTitle')}
          message={t('account.va.deleteConfirm', { name: deleting.name })}
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

// --- Users --------------------------------------------------------------------

function isVaRole(role: string) {
  return role.startsWith('va_');
}

function AddMemberForm({ accountId, virtualAccounts, onDone }: { accountId: string; virtualAccounts: VirtualAccount[]; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const labels = useLabels();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<SmartAccountRole>('sa_user');
  const [va, setVa] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: () =>
      api.addMember(accountId, {
        email: email.trim(),
        role,
        ...(isVaRole(role) ? { virtual_account_id: virtualAccounts.find((v) => String(v.id) === va)?.id ?? va } : {}),
      }),
    onSuccess: (result) => {
      onDone(
        'invitation' in result
          ? t('account.users.invited', { email: result.invitation.email || email.trim() })
          : t('account.users.added', { email: result.member.email || email.trim() }),
      );
      setEmail('');
      setLocal({});
    },
  });
  const errors = { ...fieldErrorMap(mutation.error), ...local };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!email.trim()) missing.email = t('form.required');
    if (isVaRole(role) && !va) missing.virtual_account_id = t('form.required');
    setLocal(missing);
    if (Object.keys(missing).length > 0) return;
    mutation.mutate();
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby="add-member-title">
      <h3 id="add-member-title">{t('account.users.addTitle')}</h3>
      {mutation.error != null && <ErrorAlert error={mutation.error} shownFields={['email', 'role', 'virtual_account_id']} />}
      <TextField
        name="member_email"
        type="email"
        inputMode="email"
        label={t('account.users.email')}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        autoComplete="off"
        required
      />
      <SelectField name="role" label={t('account.users.role')} value={role} onChange={(e) => setRole(e.target.value as SmartAccountRole)} error={errors.role}>
        {ROLE_KEYS.map((r) => (
          <option key={r} value={r}>
            {labels.role(r)}
          </option>
        ))}
      </SelectField>
      {isVaRole(role) && (
        <SelectField
          name="virtual_account_id"
          label={t('account.users.virtualAccount')}
          value={va}
          onChange={(e) => setVa(e.target.value)}
          error={errors.virtual_account_id}
          required
        >
          <option value="">{t('account.users.chooseVirtualAccount')}</option>
          {virtualAccounts.map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.name}
            </option>
          ))}
        </SelectField>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : t('account.users.add')}
        </button>
      </div>
    </form>
  );
}

/** Row errors of a rejected import: `rows[3].role` → "Row 3, role: message". */
function ImportErrors({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!isApiError(error) || error.fieldErrors.length === 0) return error != null ? <ErrorAlert error={error} /> : null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{t('account.import.rejected')}</p>
      <ul>
        {error.fieldErrors.map((fe, i) => {
          const m = /^rows\[(\d+)\](?:\.(\w+))?$/.exec(fe.field);
          const text = m
            ? m[2]
              ? t('account.import.rowFieldError', { row: m[1], field: m[2], message: fe.message })
              : t('account.import.rowError', { row: m[1], message: fe.message })
            : `${fe.field}: ${fe.message}`;
          return <li key={`${fe.field}-${i}`}>{text}</li>;
        })}
      </ul>
    </div>
  );
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

function ImportForm({ accountId, onDone }: { accountId: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState('');
  const [local, setLocal] = useState<string | undefined>();
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const mutation = useMutation({
    mutationFn: (text: string) => api.importMembers(accountId, text),
    onSuccess: (result) => {
      onDone(t('account.import.done', { added: result.added, invited: result.invited }));
      setCsv('');
      setFileName('');
      if (fileRef.current) fileRef.current.value = '';
    },
  });
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setCsv(await readText(file));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!csv.trim()) {
      setLocal(t('account.import.emptyCsv'));
      return;
    }
    setLocal(undefined);
    mutation.mutate(csv.endsWith('\n') ? csv : `${csv}\n`);
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby="import-title">
      <h3 id="import-title">{t('account.import.title')}</h3>
      <p className="section-description">{t('account.import.description')}</p>
      <ImportErrors error={mutation.error} />
      <div className="field">
        <label htmlFor={fileId}>{t('account.import.file')}</label>
        <input
          ref={fileRef}
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        {fileName && <p className="field-hint">{t('account.import.fileLoaded', { name: fileName })}</p>}
      </div>
      <TextAreaField
        name="csv"
        label={t('account.import.text')}
        hint={t('account.import.textHint')}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        error={local}
        rows={5}
        className="field-mono"
        spellCheck={false}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : t('account.import.submit')}
        </button>
      </div>
    </form>
  );
}

function UsersTab({ accountId, isAdmin, virtualAccounts }: { accountId: string; isAdmin: boolean; virtualAccounts: VirtualAccount[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const labels = useLabels();
  const fmt = useFormatDate();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const list = useQuery(smartAccountQueries.members(api, accountId));
  const refresh = (message: string) => {
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.members(accountId) });
    void queryClient.invalidateQueries({ queryKey: smartAccountKeys.events(accountId) });
  };
  const remove = useMutation({
    mutationFn: (m: Member) => api.removeMember(accountId, m.user_id),
    onSuccess: (_r, m) => {
      setRemoving(null);
      refresh(t('account.users.removed', { email: m.email }));
    },
  });
  const vaName = (id: Id | null, name?: string | null) => {
    if (id == null) return t('home.memberships.allVirtualAccounts');
    return name || virtualAccounts.find((v) => String(v.id) === String(id))?.name || String(id);
  };
  const members = list.data?.items ?? [];
  const invitations = list.data?.invitations ?? [];

  return (
    <>
      <h2>{t('account.tabs.users')}</h2>
      <Done message={done} />
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && members.length === 0 && <EmptyState>{t('account.users.empty')}</EmptyState>}
      {members.length > 0 && (
        <DataTable caption={t('account.users.caption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.users.email')}</th>
              <th scope="col">{t('account.users.name')}</th>
              <th scope="col">{t('account.users.role')}</th>
              <th scope="col">{t('account.users.virtualAccount')}</th>
              {isAdmin && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={`${m.user_id}-${m.role}-${m.virtual_account_id ?? ''}`}>
                <th scope="row" className="cell-email">{m.email}</th>
                <td>{m.name || t('common.none')}</td>
                <td>{labels.role(m.role)}</td>
                <td>{vaName(m.virtual_account_id, m.virtual_account_name)}</td>
                {isAdmin && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-small button-danger-outline"
                      aria-label={t('account.users.removeLabel', { email: m.email })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(m);
                      }}
                    >
                      {t('account.users.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {invitations.length > 0 && (
        <DataTable caption={t('account.users.invitationsCaption')} region={false}>
          <thead>
            <tr>
              <th scope="col">{t('account.users.email')}</th>
              <th scope="col">{t('account.users.role')}</th>
              <th scope="col">{t('account.users.virtualAccount')}</th>
              <th scope="col">{t('account.users.invitedAt')}</th>
              <th scope="col">{t('account.users.invitationExpires')}</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((inv) => (
              <tr key={inv.id}>
                <th scope="row" className="cell-email">{inv.email}</th>
                <td>{labels.role(inv.role)}</td>
                <td>{vaName(inv.virtual_account_id)}</td>
                <td className="cell-nowrap">{fmt.date(inv.created_at)}</td>
                <td className="cell-nowrap">{fmt.date(inv.expires_at)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {isAdmin && (
        <>
          <AddMemberForm accountId={accountId} virtualAccounts={virtualAccounts} onDone={refresh} />
          <ImportForm accountId={accountId} onDone={refresh} />
        </>
      )}
      {removing && (
        <ConfirmDialog
          title={t('account.users.removeTitle')}
          message={t('account.users.removeConfirm', { email: removing.email })}
          confirmLabel={t('account.users.remove')}
          cancelLabel={t('common.cancel')}
          busy={remove.isPending}
          error={remove.error != null ? <ErrorAlert error={remove.error} /> : undefined}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(null)}
        />
      )}
    </>
  );
}

// --- Event log ----------------------------------------------------------------

function display(value: unknown): string {
  if (value == null || value === '') return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function EventRow({ event }: { event: AccountEvent }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const before = display(event.before);
  const after = display(event.after);
  const target = [event.target_type, event.target_id].filter((x) => x != null && x !== '').join(' ');
  return (
    <tr>
      <td className="cell-nowrap">
        <time dateTime={event.at}>{fmt.dateTime(event.at)}</time>
      </td>
      <td className="cell-email">{actorName(event.actor) || t('common.none')}</td>
      <td>
        <code>{event.action}</code>
        {(before || after) && (
          <details className="event-change">
            <summary>{t('account.events.changes')}</summary>
            <dl>
              {before && (
                <>
                  <dt>{t('account.events.before')}</dt>
                  <dd>
                    <code>{before}</code>
                  </dd>
                </>
              )}
              {after && (
                <>
                  <dt>{t('account.events.after')}</dt>
                  <dd>
                    <code>{after}</code>
                  </dd>
                </>
              )}
            </dl>
          </details>
        )}
      </td>
      <td>{target || t('common.none')}</td>
      <td>{event.reason || t('common.none')}</td>
      <td>{event.case_number || t('common.none')}</td>
    </tr>
  );
}

function EventsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const formId = useId();
  const [filters, setFilters] = useState<EventFilters>({});
  const [draft, setDraft] = useState({ action: '', from: '', to: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const query = useInfiniteQuery(smartAccountQueries.events(api, accountId, filters));
  const events = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setLocal({ to: t('account.events.toBeforeFrom') });
      return;
    }
    setLocal({});
    setFilters({
      action: draft.action.trim() || undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
    });
  };
  const serverErrors = fieldErrorMap(query.error);
  const errors = { ...serverErrors, ...local };
  const filtered = !!(filters.action || filters.from || filters.to);

  return (
    <>
      <h2>{t('account.tabs.events')}</h2>
      <form className="filter-form" onSubmit={onSubmit} role="search" aria-labelledby={`${formId}-legend`}>
        <h3 id={`${formId}-legend`} className="visually-hidden">
          {t('account.events.filterLegend')}
        </h3>
        <TextField
          name="action"
          type="search"
          label={t('account.events.action')}
          value={draft.action}
          onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          error={errors.action}
          autoComplete="off"
        />
        <TextField
          name="from"
          type="date"
          label={t('account.events.from')}
          value={draft.from}
          onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
          error={errors.from}
          className="field-narrow"
        />
        <TextField
          name="to"
          type="date"
          label={t('account.events.to')}
          value={draft.to}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
          error={errors.to}
          className="field-narrow"
        />
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('account.events.apply')}
          </button>
          <a className="button button-secondary" href={api.eventsCsvUrl(accountId, filters)} download={`events-${accountId}.csv`}>
            {t('account.events.export')}
          </a>
        </div>
      </form>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} shownFields={['action', 'from', 'to']} onRetry={() => void query.refetch()} />}
      {query.isSuccess && events.length === 0 && (
        <EmptyState>{filtered ? t('account.events.emptyFiltered') : t('account.events.empty')}</EmptyState>
      )}
      {events.length > 0 && (
        <div className="table-wrap" role="region" aria-labelledby={`${formId}-caption`} tabIndex={0}>
          <table>
            <caption id={`${formId}-caption`}>{t('account.events.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.events.time')}</th>
                <th scope="col">{t('account.events.actor')}</th>
                <th scope="col">{t('account.events.action')}</th>
                <th scope="col">{t('account.events.target')}</th>
                <th scope="col">{t('account.events.reason')}</th>
                <th scope="col">{t('account.events.caseNumber')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <EventRow key={e.id} event={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore query={query} />
    </>
  );
}

// --- Page ---------------------------------------------------------------------

export function SmartAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = (TAB_KEYS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabKey) : 'virtual-accounts';
  const query = useQuery(smartAccountQueries.detail(api, id));
  usePageTitle(query.data?.name ?? t('smartAccounts.title'));

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) {
      return (
        <>
          <h1>{t('account.notFound.title')}</h1>
          <div className="alert alert-error" role="alert">
            <p>{t('account.notFound.body')}</p>
          </div>
          <p>
            <Link to="/smart-accounts">{t('account.notFound.back')}</Link>
          </p>
        </>
      );
    }
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const account = query.data;
  const selectTab = (key: TabKey) => {
    const next = new URLSearchParams(params);
    next.set('tab', key);
    setParams(next, { replace: true });
  };

  return (
    <>
      <Header account={account} />
      <Counts accountId={id} />
      <Tabs
        label={t('account.tabs.label')}
        selected={tab}
        onSelect={selectTab}
        tabs={[
          { key: 'virtual-accounts', label: t('account.tabs.virtualAccounts') },
          { key: 'users', label: t('account.tabs.users') },
          { key: 'events', label: t('account.tabs.events') },
        ]}
      >
        {tab === 'virtual-accounts' && <VirtualAccountsTab accountId={id} isAdmin={can(account, 'manage_virtual_accounts')} />}
        {tab === 'users' && <UsersTab accountId={id} isAdmin={can(account, 'manage_members')} virtualAccounts={account.virtual_accounts ?? []} />}
        {tab === 'events' && <EventsTab accountId={id} />}
      </Tabs>
    </>
  );
}
