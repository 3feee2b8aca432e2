import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/Fields';

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

export function ImportForm({ accountId, onDone }: { accountId: string; onDone: (message: string) => void }) {
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
