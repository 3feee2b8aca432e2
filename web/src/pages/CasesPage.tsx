import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CASE_STATUSES } from '../api/types';
import { caseQueries } from '../api/queries';
import { useApi } from '../components/ApiContext';
import { CaseStatusBadge, casePath, isCaseStatus } from '../components/caseLabels';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Fields';
import { useFormatDate } from '../components/format';
import { orderPath } from '../components/orderLabels';
import { hasFlag, useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { LoadMore } from '../components/Pager';
import { DataTable } from '../components/DataTable';

/**
 * Software licensing cases: the caller's own, or (licensing support) the
 * whole queue; narrowed by status through ?status=open|waiting|closed.
 */
export function CasesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const { data: me } = useMe();
  const support = hasFlag(me, 'licensing_support');
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isCaseStatus(raw) ? raw : undefined;
  const title = support ? t('cases.queueTitle') : t('cases.title');
  usePageTitle(title);

  const query = useInfiniteQuery(caseQueries.list(api, { status }));
  const cases = query.data?.pages.flatMap((p) => p.items ?? []) ?? [];

  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (isCaseStatus(value)) next.set('status', value);
    else next.delete('status');
    setParams(next);
  };

  return (
    <>
      <div className="title-row">
        <h1>{title}</h1>
      </div>
      <p className="lead">{support ? t('cases.queueDescription') : t('cases.description')}</p>
      <div className="page-actions">
        <Link to="/cases/new" className="button button-primary">
          {t('cases.open')}
        </Link>
      </div>
      <div className="filter-form" role="group" aria-label={t('cases.filterLabel')}>
        <SelectField
          name="status"
          label={t('cases.statusFilter')}
          className="field-narrow"
          value={status ?? ''}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="">{t('cases.allStatuses')}</option>
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`cases.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && cases.length === 0 && <EmptyState>{t('cases.empty')}</EmptyState>}
      {cases.length > 0 && (
        <DataTable caption={support ? t('cases.queueCaption') : t('cases.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('cases.columns.number')}</th>
              <th scope="col">{t('cases.columns.subject')}</th>
              <th scope="col">{t('cases.columns.status')}</th>
              <th scope="col">{t('cases.columns.linked')}</th>
              {support && <th scope="col">{t('cases.columns.openedBy')}</th>}
              <th scope="col">{t('cases.columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={String(c.id)}>
                <th scope="row" className="cell-nowrap">
                  <Link to={casePath(c.id)}>{c.number}</Link>
                </th>
                <td>{c.subject}</td>
                <td>
                  <CaseStatusBadge status={String(c.status)} />
                </td>
                <td>
                  {c.order_number || c.smart_account ? (
                    <span className="case-links">
                      {c.order_number && <Link to={orderPath(c.order_number)}>{c.order_number}</Link>}
                      {c.smart_account && <span>{c.smart_account.name}</span>}
                    </span>
                  ) : (
                    t('common.none')
                  )}
                </td>
                {support && <td className="cell-email">{c.opened_by?.name || c.opened_by?.email || t('common.none')}</td>}
                <td className="cell-nowrap">
                  {c.updated_at ? <time dateTime={c.updated_at}>{fmt.dateTime(c.updated_at)}</time> : t('common.none')}
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
