import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { fieldErrorMap } from '../../api/errors';
import { can } from '../../api/permissions';
import { smartAccountKeys, smartAccountQueries } from '../../api/queries';
import type { Id, VirtualAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/Fields';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading, SuccessNotice } from '../../components/StatusViews';
import { TextField } from '../../components/TextField';
import { DataTable } from '../../components/DataTable';
import { virtualAccountPath } from '../VirtualAccountPage';

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

/**
 * The Smart Account's Virtual Accounts. `canCreate`: the account lists
 * "manage_virtual_accounts"; each Virtual Account lists "rename" and "delete"
 * itself.
 */
export function VirtualAccountsTab({ accountId, canCreate }: { accountId: string; canCreate: boolean }) {
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
  const withActions = items.some((va) => can(va, 'rename') || can(va, 'delete'));
  return (
    <>
      <h2>{t('account.tabs.virtualAccounts')}</h2>
      <SuccessNotice message={done} />
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
              {withActions && <th scope="col">{t('common.actions')}</th>}
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
                {withActions && (
                  <td className="cell-actions">
                    {can(va, 'rename') && (
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
                    )}
                    {can(va, 'delete') && (
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
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {editing && can(editing, 'rename') && (
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
      {canCreate && (
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
