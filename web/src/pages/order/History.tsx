import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { orderQueries } from '../../api/queries';
import type { OrderHistoryEntry } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';
import { actorName } from '../AcceptInvitationPage';

const ACTION_KEYS = {
  'order.create': 'history.actions.order.create',
  'order.ship': 'history.actions.order.ship',
  'order.assign': 'history.actions.order.assign',
  'order.deposit': 'history.actions.order.deposit',
  'order.export_hold.set': 'history.actions.order.export_hold_set',
  'order.export_hold.clear': 'history.actions.order.export_hold_clear',
} as const;

function isKnownAction(action: string): action is keyof typeof ACTION_KEYS {
  return action in ACTION_KEYS;
}

/** Keys of a history entry's details that the summary says, or that only matter to machines. */
const SUMMARIZED = new Set([
  'line_number',
  'smart_account_id',
  'smart_account_name',
  'virtual_account_id',
  'virtual_account_name',
  'license_id',
  'product',
  'quantity',
  'shipped_at',
  'sales_order_number',
  'web_order_number',
  'lines',
  'export_hold',
]);

function detailText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.name === 'string') return v.name;
  }
  return JSON.stringify(value);
}

function HistoryDetails({ details }: { details: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  if (!details) return <>{t('common.none')}</>;
  const summary: string[] = [];
  if (typeof details.smart_account_name === 'string') {
    summary.push(
      t('history.assignedTo', {
        account: details.smart_account_name,
        virtualAccount: typeof details.virtual_account_name === 'string' ? details.virtual_account_name : '',
      }),
    );
  }
  if (details.product !== undefined && details.quantity !== undefined) {
    summary.push(t('history.deposited', { quantity: detailText(details.quantity), product: detailText(details.product) }));
  }
  if (typeof details.lines === 'number') summary.push(t('history.lines', { count: details.lines }));
  if (typeof details.shipped_at === 'string') summary.push(t('history.shippedAt', { date: fmt.date(details.shipped_at) }));
  const rest = Object.entries(details).filter(([key, value]) => !SUMMARIZED.has(key) && value !== null && value !== undefined);
  if (summary.length === 0 && rest.length === 0) return <>{t('common.none')}</>;
  return (
    <>
      {summary.map((line) => (
        <span key={line} className="history-summary">
          {line}
        </span>
      ))}
      {rest.length > 0 && (
        <dl className="history-details">
          {rest.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{detailText(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

export function History({ number }: { number: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const id = useId();
  const query = useQuery(orderQueries.history(api, number));
  const items: OrderHistoryEntry[] = query.data?.items ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('history.title')}</h2>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && items.length === 0 && <EmptyState>{t('history.empty')}</EmptyState>}
      {items.length > 0 && (
        <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table>
            <caption id={`${id}-caption`}>{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.at')}</th>
                <th scope="col">{t('history.actor')}</th>
                <th scope="col">{t('history.action')}</th>
                <th scope="col" className="cell-number">
                  {t('history.line')}
                </th>
                <th scope="col">{t('history.caseNumber')}</th>
                <th scope="col">{t('history.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td className="cell-nowrap">
                    <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time>
                  </td>
                  <td className="cell-email">{actorName(entry.actor) || t('history.system')}</td>
                  <td>{isKnownAction(entry.action) ? t(ACTION_KEYS[entry.action]) : <code>{entry.action}</code>}</td>
                  <td className="cell-number">{entry.line_number ?? t('common.none')}</td>
                  <td>{entry.case_number || t('common.none')}</td>
                  <td>
                    <HistoryDetails details={entry.details} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
