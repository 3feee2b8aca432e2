import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fieldErrorMap } from '../api/errors';
import { caseKeys } from '../api/queries';
import type { CreateCaseRequest } from '../api/types';
import { useApi } from '../components/ApiContext';
import { casePath } from '../components/caseLabels';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextAreaField } from '../components/Fields';
import { useMe } from '../components/SessionProvider';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';

const FIELDS = ['category', 'subject', 'description', 'order_number', 'smart_account_id', 'transfer_id'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

/**
 * "Open a case" (software licensing). Other pages hand off with context in
 * the query: ?order_number=…&subject=…&description=…
 */
export function NewCasePage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [params] = useSearchParams();
  usePageTitle(t('caseForm.title'));
  const [values, setValues] = useState<Values>(() => ({
    category: 'software_licensing',
    subject: params.get('subject') ?? '',
    description: params.get('description') ?? '',
    order_number: params.get('order_number') ?? '',
    smart_account_id: params.get('smart_account_id') ?? '',
    transfer_id: params.get('transfer_id') ?? '',
  }));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const subjectRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);

  const mutation = useMutation({
    mutationFn: (input: CreateCaseRequest) => api.createCase(input),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      queryClient.setQueryData(caseKeys.detail(created.id), created);
      navigate(casePath(created.id), { state: { created: created.number } });
    },
  });

  const server = fieldErrorMap(mutation.error);
  const errors: Partial<Record<string, string>> = { ...server, ...local };

  const set = (field: Field) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!values.subject.trim()) missing.subject = t('form.required');
    if (!values.description.trim()) missing.description = t('form.required');
    setLocal(missing);
    if (missing.subject) {
      subjectRef.current?.focus();
      return;
    }
    if (missing.description) {
      descriptionRef.current?.focus();
      return;
    }
    const trimmed = (value: string) => value.trim() || undefined;
    mutation.mutate({
      category: 'software_licensing',
      subject: values.subject.trim(),
      description: values.description.trim(),
      order_number: trimmed(values.order_number),
      smart_account_id: /^\d+$/.test(values.smart_account_id) ? Number(values.smart_account_id) : undefined,
      transfer_id: trimmed(values.transfer_id),
    });
  };

  // One entry per Smart Account (a member may hold several roles in one).
  const accounts = [
    ...new Map((me?.memberships ?? []).map((m) => [String(m.smart_account_id), m.smart_account_name || String(m.smart_account_id)])),
  ].map(([id, name]) => ({ id, name }));

  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t('cases.title')}</Link>
      </p>
      <h1>{t('caseForm.title')}</h1>
      <p className="lead">{t('caseForm.description')}</p>
      <ErrorAlert error={mutation.error} shownFields={FIELDS} />
      <form className="form" onSubmit={onSubmit} noValidate aria-label={t('caseForm.title')}>
        <SelectField name="category" label={t('caseForm.category')} value={values.category} onChange={set('category')} error={errors.category} required>
          <option value="software_licensing">{t('cases.category.software_licensing')}</option>
        </SelectField>
        <TextField
          ref={subjectRef}
          name="subject"
          label={t('caseForm.subject')}
          value={values.subject}
          onChange={set('subject')}
          error={errors.subject}
          autoComplete="off"
          required
        />
        <TextAreaField
          ref={descriptionRef}
          name="description"
          label={t('caseForm.descriptionField')}
          rows={6}
          value={values.description}
          onChange={set('description')}
          error={errors.description}
          required
        />
        <TextField
          name="order_number"
          label={t('caseForm.orderNumber')}
          hint={t('caseForm.optional')}
          value={values.order_number}
          onChange={set('order_number')}
          error={errors.order_number}
          autoComplete="off"
        />
        <SelectField
          name="smart_account_id"
          label={t('caseForm.smartAccount')}
          hint={t('caseForm.optional')}
          value={values.smart_account_id}
          onChange={set('smart_account_id')}
          error={errors.smart_account_id}
        >
          <option value="">{t('caseForm.noSmartAccount')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          {values.smart_account_id && !accounts.some((a) => a.id === values.smart_account_id) && (
            <option value={values.smart_account_id}>{values.smart_account_id}</option>
          )}
        </SelectField>
        <TextField
          name="transfer_id"
          label={t('caseForm.transferId')}
          hint={t('caseForm.optional')}
          value={values.transfer_id}
          onChange={set('transfer_id')}
          error={errors.transfer_id}
          autoComplete="off"
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('caseForm.submitting') : t('caseForm.submit')}
          </button>
          <Link to="/cases" className="button button-secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
