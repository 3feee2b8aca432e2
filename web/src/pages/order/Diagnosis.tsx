import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { orderQueries } from '../../api/queries';
import type { DiagnosisCheck, Me, Order } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newCasePath } from '../../components/caseLabels';
import { EmptyState, Loading } from '../../components/StatusViews';

const CHECK_KEYS = ['shipped', 'sa_assigned', 'sa_active', 'export_hold', 'deposited'] as const;
type CheckKey = (typeof CHECK_KEYS)[number];

function isCheckKey(value: string): value is CheckKey {
  return (CHECK_KEYS as readonly string[]).includes(value);
}

function CheckIcon({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`check-icon ${ok ? 'check-ok' : 'check-not-ok'}`} role="img" aria-label={ok ? t('diagnosis.ok') : t('diagnosis.notOk')}>
      <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">
        {ok ? (
          <path d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1L13.4 4.4z" fill="currentColor" />
        ) : (
          <path d="M4.3 3.2 8 6.9l3.7-3.7 1.1 1.1L9.1 8l3.7 3.7-1.1 1.1L8 9.1l-3.7 3.7-1.1-1.1L6.9 8 3.2 4.3z" fill="currentColor" />
        )}
      </svg>
    </span>
  );
}

export function Diagnosis({ order, me }: { order: Order; me: Me | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const regionId = useId();
  const [open, setOpen] = useState(false);
  const number = order.sales_order_number;
  const query = useQuery({ ...orderQueries.diagnosis(api, number), enabled: open });
  const memberOf = new Set((me?.memberships ?? []).map((m) => String(m.smart_account_id)));
  const lineOf = (line: number) => order.lines.find((l) => l.line_number === line);
  const checkLabel = (check: DiagnosisCheck) => (isCheckKey(check.check) ? t(`diagnosis.checks.${check.check}`) : check.check);
  const lines = query.data?.lines ?? [];
  // The failed checks' messages, line by line, for the hand-off to a licensing case.
  const caseDescription = () =>
    [
      t('diagnosis.caseIntro', { order: number }),
      ...lines
        // A line without Smart licensing has nothing to find (see below).
        .filter((line) => lineOf(line.line_number)?.smart_enabled !== false)
        .flatMap((line) =>
        line.checks
          .filter((check) => !check.ok)
          .map((check) =>
            t('diagnosis.caseLine', { line: line.line_number, check: checkLabel(check), message: check.message || checkLabel(check) }),
          ),
      ),
    ].join('\n');

  return (
    <section className="diagnosis" aria-labelledby={`${regionId}-title`}>
      <h2 id={`${regionId}-title`} className="disclosure-heading">
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={regionId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="disclosure-marker" aria-hidden="true" />
          {t('diagnosis.toggle')}
        </button>
      </h2>
      <div id={regionId} hidden={!open} className="diagnosis-body">
        {open && (
          <>
            <p className="section-description">{t('diagnosis.intro')}</p>
            {query.isPending && <Loading />}
            {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
            {query.isSuccess && lines.length === 0 && <EmptyState>{t('diagnosis.empty')}</EmptyState>}
            {lines.map((line) => {
              const orderLine = lineOf(line.line_number);
              const sku = orderLine?.sku;
              // A line without Smart licensing has nothing to find: say so instead of listing failed checks.
              const notSmart = orderLine !== undefined && !orderLine.smart_enabled;
              return (
                <article key={line.line_number} className="diagnosis-line" aria-labelledby={`${regionId}-l${line.line_number}`}>
                  <h3 id={`${regionId}-l${line.line_number}`}>
                    {sku ? t('diagnosis.lineWithSku', { line: line.line_number, sku }) : t('diagnosis.line', { line: line.line_number })}
                  </h3>
                  {notSmart ? (
                    <p className="check-message">{t('diagnosis.notSmartEnabled')}</p>
                  ) : (
                    <ul className="check-list">
                      {line.checks.map((check) => (
                        <li key={check.check} className={check.ok ? 'check-item' : 'check-item check-item-bad'}>
                          <CheckIcon ok={check.ok} />
                          <span>
                            <strong>{checkLabel(check)}</strong>
                            {check.message && <span className="check-message">{check.message}</span>}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                  {line.licenses_at && (
                    <p className="licenses-at">
                      {memberOf.has(String(line.licenses_at.smart_account.id)) ? (
                        <Link to={`/smart-accounts/${encodeURIComponent(String(line.licenses_at.smart_account.id))}`}>
                          {t('diagnosis.licensesAt', {
                            account: line.licenses_at.smart_account.name,
                            virtualAccount: line.licenses_at.virtual_account.name,
                          })}
                        </Link>
                      ) : (
                        t('diagnosis.licensesAt', {
                          account: line.licenses_at.smart_account.name,
                          virtualAccount: line.licenses_at.virtual_account.name,
                        })
                      )}
                    </p>
                  )}
                </article>
              );
            })}
            {query.isSuccess && lines.length > 0 && (
              <p className="section-description">
                {t('diagnosis.support')}{' '}
                <Link
                  to={newCasePath({
                    order_number: number,
                    subject: t('diagnosis.caseSubject', { order: number }),
                    description: caseDescription(),
                  })}
                >
                  {t('diagnosis.openCase')}
                </Link>
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
