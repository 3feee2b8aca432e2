import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap } from '../../api/errors';
import type { CreatedRegistrationToken } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';

const TOKEN_DEFAULTS = { description: '', expires: '30', maxUses: '10', exportControlled: false };

export function CreateTokenForm({ vaId, onCreated }: { vaId: string; onCreated: (token: CreatedRegistrationToken) => void }) {
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
