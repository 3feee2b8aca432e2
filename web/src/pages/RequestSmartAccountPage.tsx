import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../api/errors';
import { smartAccountKeys } from '../api/queries';
import type { Locale, SmartAccountRequestCreated, SmartAccountRequestInput } from '../api/types';
import { useApi } from '../components/ApiContext';
import { Dialog } from '../components/Dialog';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField, TextAreaField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { TextField } from '../components/TextField';
import { usePageTitle } from '../components/usePageTitle';
import { currentLanguage, SUPPORTED_LANGUAGES } from '../i18n';

type Values = {
  account_name: string;
  customer_email: string;
  domain: string;
  note_to_customer: string;
  user_emails: string;
  note_to_users: string;
  customer_locale: Locale;
};

/** An empty form; the customer is written to in the requester's language unless they choose another. */
function empty(): Values {
  return {
    account_name: '',
    customer_email: '',
    domain: '',
    note_to_customer: '',
    user_emails: '',
    note_to_users: '',
    customer_locale: currentLanguage(),
  };
}

const SIMPLE_FIELDS = ['account_name', 'domain', 'customer_email', 'customer_locale', 'note_to_customer', 'note_to_users'] as const;

/** "a@x, b@y" or one per line → ["a@x", "b@y"]. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function toRequest(values: Values): SmartAccountRequestInput {
  return {
    account_name: values.account_name.trim(),
    domain: values.domain.trim().toLowerCase(),
    customer_email: values.customer_email.trim(),
    note_to_customer: values.note_to_customer.trim(),
    user_emails: splitEmails(values.user_emails),
    note_to_users: values.note_to_users.trim(),
    customer_locale: values.customer_locale,
  };
}

/**
 * Field name → message for the form, from a failed request: the server's
 * errors[] (user_emails[i] are gathered under the User Emails field, naming
 * the address).
 */
function serverFieldErrors(error: unknown, sent: SmartAccountRequestInput | null): Partial<Record<keyof Values, string>> {
  const out: Partial<Record<keyof Values, string>> = {};
  if (!isApiError(error)) return out;
  const emailMessages: string[] = [];
  for (const fe of error.fieldErrors) {
    const m = /^user_emails(?:\[(\d+)\])?$/.exec(fe.field);
    if (m) {
      const address = m[1] !== undefined ? sent?.user_emails[Number(m[1])] : undefined;
      emailMessages.push(address ? `${address}: ${fe.message}` : fe.message);
    } else if ((SIMPLE_FIELDS as readonly string[]).includes(fe.field)) {
      const key = fe.field as keyof Values;
      if (!out[key]) out[key] = fe.message || fe.code;
    }
  }
  if (emailMessages.length > 0) out.user_emails = emailMessages.join(' · ');
  return out;
}

function shownFieldNames(error: unknown): string[] {
  if (!isApiError(error)) return [];
  return error.fieldErrors
    .map((fe) => fe.field)
    .filter((f) => (SIMPLE_FIELDS as readonly string[]).includes(f) || /^user_emails(\[\d+\])?$/.test(f));
}

function Review({ request }: { request: SmartAccountRequestInput }) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <>
      <h3>{t('saRequest.identify.title')}</h3>
      <dl className="review-list">
        <dt>{t('saRequest.fields.accountName')}</dt>
        <dd>{request.account_name}</dd>
        <dt>{t('saRequest.fields.customerEmail')}</dt>
        <dd>{request.customer_email}</dd>
        <dt>{t('saRequest.fields.domain')}</dt>
        <dd>{request.domain}</dd>
        <dt>{t('saRequest.fields.customerLocale')}</dt>
        <dd>{request.customer_locale ? t(`language.${request.customer_locale}`) : none}</dd>
        <dt>{t('saRequest.fields.noteToCustomer')}</dt>
        <dd className="pre-wrap">{request.note_to_customer || none}</dd>
      </dl>
      <h3>{t('saRequest.users.title')}</h3>
      <dl className="review-list">
        <dt>{t('saRequest.fields.userEmails')}</dt>
        <dd>
          {request.user_emails.length === 0 ? (
            none
          ) : (
            <ul className="plain-list">
              {request.user_emails.map((email) => (
                <li key={email}>{email}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('saRequest.fields.noteToUsers')}</dt>
        <dd className="pre-wrap">{request.note_to_users || none}</dd>
      </dl>
    </>
  );
}

function Complete({ result, request, onAnother }: { result: SmartAccountRequestCreated; request: SmartAccountRequestInput; onAnother: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const expires = result.smart_account.expires_at;
  return (
    <div ref={ref} className="notice notice-success" role="status" tabIndex={-1}>
      <h2 className="notice-title">{t('saRequest.complete.title')}</h2>
      <p>
        {t('saRequest.complete.created', {
          name: result.smart_account.name || request.account_name,
          domain: result.smart_account.domain || request.domain,
        })}
      </p>
      <p>
        {expires
          ? t('saRequest.complete.expiresOn', { email: request.customer_email, date: fmt.date(expires) })
          : t('saRequest.complete.expires', { email: request.customer_email })}
      </p>
      <p>{t('saRequest.complete.confirmation')}</p>
      <div className="form-actions">
        <Link to="/smart-accounts" className="button button-secondary">
          {t('saRequest.complete.back')}
        </Link>
        <button type="button" className="button button-secondary" onClick={onAnother}>
          {t('saRequest.complete.another')}
        </button>
      </div>
    </div>
  );
}

export function RequestSmartAccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  usePageTitle(t('saRequest.title'));
  const [values, setValues] = useState<Values>(empty);
  const [local, setLocal] = useState<Partial<Record<keyof Values, string>>>({});
  const [reviewing, setReviewing] = useState<SmartAccountRequestInput | null>(null);
  const [sent, setSent] = useState<SmartAccountRequestInput | null>(null);
  const refs = {
    account_name: useRef<HTMLInputElement>(null),
    customer_email: useRef<HTMLInputElement>(null),
    domain: useRef<HTMLInputElement>(null),
    customer_locale: useRef<HTMLSelectElement>(null),
    note_to_customer: useRef<HTMLTextAreaElement>(null),
    user_emails: useRef<HTMLTextAreaElement>(null),
    note_to_users: useRef<HTMLTextAreaElement>(null),
  };
  const alertRef = useRef<HTMLDivElement>(null);

  const mutation = useMutation({
    mutationFn: (request: SmartAccountRequestInput) => api.requestSmartAccount(request),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: smartAccountKeys.all }),
    onSettled: () => setReviewing(null),
  });

  const errors: Partial<Record<keyof Values, string>> = { ...serverFieldErrors(mutation.error, sent), ...local };
  const order: (keyof Values)[] = [
    'account_name',
    'customer_email',
    'domain',
    'customer_locale',
    'note_to_customer',
    'user_emails',
    'note_to_users',
  ];

  // After the dialog closes on a failure, put the cursor where the person has to act.
  useEffect(() => {
    if (!mutation.error) return;
    const first = order.find((k) => errors[k]);
    const target = first ? refs[first].current : alertRef.current;
    setTimeout(() => target?.focus());
  }, [mutation.error]);

  const set = (key: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const onReview = (event: FormEvent) => {
    event.preventDefault();
    const missing: Partial<Record<keyof Values, string>> = {};
    if (!values.account_name.trim()) missing.account_name = t('form.required');
    if (!values.customer_email.trim()) missing.customer_email = t('form.required');
    else if (!/^[^\s@]+@[^\s@]+$/.test(values.customer_email.trim())) missing.customer_email = t('form.invalidEmail');
    if (!values.domain.trim()) missing.domain = t('form.required');
    const badEmails = splitEmails(values.user_emails).filter((e) => !/^[^\s@]+@[^\s@]+$/.test(e));
    if (badEmails.length > 0) missing.user_emails = t('saRequest.badEmails', { emails: badEmails.join(', ') });
    setLocal(missing);
    const first = order.find((k) => missing[k]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    mutation.reset();
    setReviewing(toRequest(values));
  };

  const onFinalSubmit = () => {
    if (!reviewing) return;
    setSent(reviewing);
    mutation.mutate(reviewing);
  };

  const onAnother = () => {
    mutation.reset();
    setValues(empty());
    setSent(null);
    setLocal({});
  };

  return (
    <>
      <h1>{t('saRequest.title')}</h1>
      <p className="lead">{t('saRequest.intro')}</p>
      {mutation.isSuccess && sent ? (
        <Complete result={mutation.data} request={sent} onAnother={onAnother} />
      ) : (
        <>
          {mutation.error != null && (
            <div ref={alertRef} tabIndex={-1}>
              <ErrorAlert error={mutation.error} shownFields={shownFieldNames(mutation.error)} />
            </div>
          )}
          <form className="form" onSubmit={onReview} noValidate>
            <fieldset className="form-section">
              <legend>
                <h2>{t('saRequest.identify.title')}</h2>
              </legend>
              <TextField
                ref={refs.account_name}
                name="account_name"
                label={t('saRequest.fields.accountName')}
                value={values.account_name}
                onChange={set('account_name')}
                error={errors.account_name}
                autoComplete="organization"
                required
              />
              <TextField
                ref={refs.customer_email}
                name="customer_email"
                type="email"
                inputMode="email"
                label={t('saRequest.fields.customerEmail')}
                hint={t('saRequest.fields.customerEmailHint')}
                value={values.customer_email}
                onChange={set('customer_email')}
                error={errors.customer_email}
                autoComplete="off"
                required
              />
              <TextField
                ref={refs.domain}
                name="domain"
                label={t('saRequest.fields.domain')}
                hint={t('saRequest.fields.domainHint')}
                value={values.domain}
                onChange={set('domain')}
                error={errors.domain}
                autoComplete="off"
                required
              />
              <SelectField
                ref={refs.customer_locale}
                name="customer_locale"
                label={t('saRequest.fields.customerLocale')}
                hint={t('saRequest.fields.customerLocaleHint')}
                value={values.customer_locale}
                onChange={set('customer_locale')}
                error={errors.customer_locale}
              >
                {SUPPORTED_LANGUAGES.map((lng) => (
                  <option key={lng} value={lng}>
                    {t(`language.${lng}`)}
                  </option>
                ))}
              </SelectField>
              <TextAreaField
                ref={refs.note_to_customer}
                name="note_to_customer"
                label={t('saRequest.fields.noteToCustomer')}
                value={values.note_to_customer}
                onChange={set('note_to_customer')}
                error={errors.note_to_customer}
              />
            </fieldset>
            <fieldset className="form-section">
              <legend>
                <h2>{t('saRequest.users.title')}</h2>
              </legend>
              <TextAreaField
                ref={refs.user_emails}
                name="user_emails"
                label={t('saRequest.fields.userEmails')}
                hint={t('saRequest.fields.userEmailsHint')}
                value={values.user_emails}
                onChange={set('user_emails')}
                error={errors.user_emails}
                rows={4}
              />
              <TextAreaField
                ref={refs.note_to_users}
                name="note_to_users"
                label={t('saRequest.fields.noteToUsers')}
                value={values.note_to_users}
                onChange={set('note_to_users')}
                error={errors.note_to_users}
              />
            </fieldset>
            <div className="form-actions">
              <button type="submit" className="button button-primary">
                {t('saRequest.submit')}
              </button>
              <Link to="/smart-accounts" className="button button-secondary">
                {t('common.cancel')}
              </Link>
            </div>
          </form>
        </>
      )}
      {reviewing && (
        <Dialog
          title={t('saRequest.review.title')}
          onClose={() => !mutation.isPending && setReviewing(null)}
          description={<p>{t('saRequest.review.description')}</p>}
          actions={
            <>
              <button type="button" className="button button-primary" onClick={onFinalSubmit} disabled={mutation.isPending} data-autofocus>
                {mutation.isPending ? t('saRequest.review.submitting') : t('saRequest.review.submit')}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setReviewing(null)} disabled={mutation.isPending}>
                {t('saRequest.review.back')}
              </button>
            </>
          }
        >
          <Review request={reviewing} />
        </Dialog>
      )}
    </>
  );
}
