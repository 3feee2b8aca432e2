import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap } from '../../api/errors';
import type { SmartAccountRole, VirtualAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { ROLE_KEYS, useLabels } from '../../components/labels';
import { TextField } from '../../components/TextField';

function isVaRole(role: string) {
  return role.startsWith('va_');
}

export function AddMemberForm({ accountId, virtualAccounts, onDone }: { accountId: string; virtualAccounts: VirtualAccount[]; onDone: (message: string) => void }) {
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
