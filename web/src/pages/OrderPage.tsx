import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../api/errors';
import { orderChanged, orderQueries } from '../api/queries';
import type { DiagnosisCheck, Me, Order, OrderHistoryEntry, OrderLine } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormatDate } from '../components/format';
import { newCasePath } from '../components/caseLabels';
import { StatusBadge } from '../components/labels';
import { exportHoldOf, HoldBadges } from '../components/orderLabels';
import { hasFlag, useMe } from '../components/SessionProvider';
import { EmptyState, Loading } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { DataTable } from '../components/DataTable';
import { actorName } from './AcceptInvitationPage';
import { AssignmentDialog, type AssignmentStart } from './AssignmentDialog';

const CHECK_KEYS = ['shipped', 'sa_assigned', 'sa_active', 'export_hold', 'deposited'] as const;
type CheckKey = (typeof CHECK_KEYS)[number];

function isCheckKey(value: string): value is CheckKey {
  return (CHECK_KEYS as readonly string[]).includes(value);
}

function PencilIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16">
      <path
        d="M11.7 1.3a1 1 0 0 1 1.4 0l1.6 1.6a1 1 0 0 1 0 1.4L5.4 13.6 1.5 14.5l.9-3.9 9.3-9.3zM3.3 11.2l-.4 1.9 1.9-.4 7.9-7.9-1.5-1.5-7.9 7.9z"
        fill="currentColor"
      />
    </svg>
  );
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

// --- Lines ------------------------------------------------------------------

function useLineLabels() {
  const { t } = useTranslation();
  return {
    licenseType: (line: OrderLine) =>
      line.license_type === 'perpetual'
        ? t('order.lines.perpetual')
        : line.license_type === 'term'
          ? line.term_months
            ? t('order.lines.term', { months: line.term_months })
            : t('order.lines.termNoMonths')
          : line.license_type,
    buyingModel: (line: OrderLine) =>
      line.buying_model === 'transactional'
        ? t('order.lines.transactional')
        : line.buying_model === 'enterprise_agreement'
          ? t('order.lines.enterpriseAgreement')
          : line.buying_model,
  };
}

function LinesTable({
  order,
  canEdit,
  onEdit,
}: {
  order: Order;
  canEdit: boolean;
  onEdit: (line: OrderLine, button: HTMLButtonElement) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const labels = useLineLabels();
  return (
    <DataTable caption={t('order.lines.caption')} className="lines-table">
      <thead>
        <tr>
          <th scope="col" className="cell-number">
            {t('order.lines.line')}
          </th>
          <th scope="col">{t('order.lines.sku')}</th>
          <th scope="col">{t('order.lines.description')}</th>
          <th scope="col" className="cell-number">
            {t('order.lines.quantity')}
          </th>
          <th scope="col">{t('order.lines.licenseType')}</th>
          <th scope="col">{t('order.lines.buyingModel')}</th>
          <th scope="col">{t('order.lines.shipped')}</th>
          <th scope="col">{t('order.lines.smartAccount')}</th>
          <th scope="col">{t('order.lines.virtualAccount')}</th>
          <th scope="col">{t('order.lines.status')}</th>
          {canEdit && <th scope="col">{t('common.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {order.lines.map((line) => (
          <tr key={line.line_number}>
            <th scope="row" className="cell-number">
              {line.line_number}
            </th>
            <td className="cell-nowrap">{line.sku}</td>
            <td>{line.description}</td>
            <td className="cell-number">{fmt.number(line.quantity)}</td>
            <td>{labels.licenseType(line)}</td>
            <td>{labels.buyingModel(line)}</td>
            <td className="cell-nowrap">
              {line.shipped_at ? <time dateTime={line.shipped_at}>{fmt.date(line.shipped_at)}</time> : t('order.lines.notShipped')}
            </td>
            <td>
              {!line.smart_enabled ? (
                t('order.lines.notSmartEnabled')
              ) : line.smart_account ? (
                <>
                  {line.smart_account.name}
                  {line.smart_account.status !== 'active' && (
                    <>
                      {' '}
                      <StatusBadge status={line.smart_account.status} />
                    </>
                  )}
                </>
              ) : (
                t('order.lines.notAssigned')
              )}
            </td>
            <td>{line.virtual_account?.name ?? (line.smart_enabled ? t('order.lines.notAssigned') : t('common.none'))}</td>
            <td>
              <HoldBadges saHold={line.sa_hold} exportHold={exportHoldOf(line.export_hold)} deposited={line.deposited} />
            </td>
            {canEdit && (
              <td className="cell-actions">
                {line.smart_enabled && line.smart_account && (
                  <button
                    type="button"
                    className="button button-small button-secondary button-icon"
                    aria-label={t('order.assignments.edit', { line: line.line_number })}
                    title={t('order.assignments.edit', { line: line.line_number })}
                    onClick={(e) => onEdit(line, e.currentTarget)}
                  >
                    <PencilIcon />
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

// --- Diagnosis ("Why are my licenses not in my Smart Account?") ------------

function Diagnosis({ order, me }: { order: Order; me: Me | undefined }) {
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

// --- History --------------------------------------------------------------------

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

function History({ number }: { number: string }) {
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

// --- The page -----------------------------------------------------------------------

function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('order.notFound.title'));
  return (
    <>
      <h1>{t('order.notFound.title')}</h1>
      <p>{t('order.notFound.body')}</p>
      <p>
        <Link to="/orders">{t('order.notFound.back')}</Link>
      </p>
    </>
  );
}

/** One order (by SO# or WO#): its holds, lines and Smart Account assignments, the diagnosis and the history. */
export function OrderPage() {
  const { number = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const queryClient = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const assignmentsRef = useRef<HTMLHeadingElement>(null);
  const [dialog, setDialog] = useState<AssignmentStart | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const query = useQuery(orderQueries.detail(api, number));
  const order = query.data;
  usePageTitle(order ? t('order.title', { number: order.sales_order_number }) : t('orders.title'));

  // Arriving with #assignments (the banner's link, or a shared address) shows the assignments.
  const wantsAssignments = location.hash === '#assignments';
  useEffect(() => {
    if (!order || !wantsAssignments) return;
    assignmentsRef.current?.scrollIntoView?.({ block: 'start' });
    assignmentsRef.current?.focus();
  }, [order, wantsAssignments]);

  useEffect(() => setSaved(null), [number]);

  if (query.isPending) return <Loading />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404) return <NotFound />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!order) return <NotFound />;

  const internal = me?.kind === 'internal';
  const support = hasFlag(me, 'licensing_support');
  // Internal users without the support flag may try: the server then tells them to open a licensing case.
  const showActions = order.can_assign || internal;
  const smartLines = order.lines.filter((l) => l.smart_enabled);
  const exportHold = exportHoldOf(order.export_hold);

  const showAssignments = () => {
    navigate({ hash: '#assignments' }, { replace: true, preventScrollReset: true });
    assignmentsRef.current?.scrollIntoView?.({ block: 'start' });
    assignmentsRef.current?.focus();
  };

  const onSaved = (updated: Order) => {
    setDialog(null);
    orderChanged(queryClient, number, updated);
    setSaved(
      `${t('order.assignments.saved')} ${updated.sa_hold ? t('order.assignments.stillOnHold') : order.sa_hold ? t('order.assignments.holdLifted') : ''}`.trim(),
    );
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/orders">{t('orders.title')}</Link>
      </p>
      <div className="title-row">
        <h1>{t('order.title', { number: order.sales_order_number })}</h1>
        <HoldBadges saHold={order.sa_hold} exportHold={exportHold} />
      </div>
      <div className={`notice ${order.sa_hold || exportHold.on ? 'notice-expired' : 'notice-signedOut'} order-banner`} role="status">
        <p>
          {smartLines.length === 0
            ? t('order.banner.noSmartLines')
            : order.sa_hold
              ? t('order.banner.onHold')
              : t('order.banner.assigned')}
        </p>
        {exportHold.on && <p>{t('order.banner.exportHold')}</p>}
        <p>
          <a
            href="#assignments"
            onClick={(e) => {
              e.preventDefault();
              showAssignments();
            }}
          >
            {t('order.banner.link')}
          </a>
        </p>
      </div>
      <p className="notice notice-success" role="status" hidden={!saved}>
        {saved}
      </p>
      <dl className="details details-inline">
        <dt>{t('orders.columns.salesOrder')}</dt>
        <dd>{order.sales_order_number}</dd>
        <dt>{t('orders.columns.webOrder')}</dt>
        <dd>{order.web_order_number || t('common.none')}</dd>
        <dt>{t('orders.columns.purchaser')}</dt>
        <dd>{order.purchaser_name || t('common.none')}</dd>
        <dt>{t('orders.columns.endCustomer')}</dt>
        <dd>{order.end_customer_name || t('common.none')}</dd>
        <dt>{t('order.contacts')}</dt>
        <dd>{order.contacts?.length ? order.contacts.join(', ') : t('common.none')}</dd>
        <dt>{t('orders.columns.created')}</dt>
        <dd>{order.created_at ? <time dateTime={order.created_at}>{fmt.date(order.created_at)}</time> : t('common.none')}</dd>
      </dl>

      <section id="assignments" aria-labelledby="order-assignments" className="assignments">
        <h2 id="order-assignments" ref={assignmentsRef} tabIndex={-1}>
          {t('order.assignments.title')}
        </h2>
        <p className="section-description">{t('order.assignments.description')}</p>
        {internal && !support && <p className="notice notice-expired">{t('order.assignments.internalNote')}</p>}
        {support && <p className="notice notice-signedOut">{t('order.assignments.supportNote')}</p>}
        {showActions && smartLines.length > 0 && (
          <div className="page-actions">
            <button type="button" className="button button-primary" onClick={() => setDialog({})}>
              {t('order.assignments.assign')}
            </button>
          </div>
        )}
        <LinesTable order={order} canEdit={showActions} onEdit={(line) => setDialog({ lineNumber: line.line_number })} />
      </section>

      <Diagnosis order={order} me={me} />
      <History number={order.sales_order_number} />

      {dialog && (
        <AssignmentDialog order={order} me={me} start={dialog} onClose={() => setDialog(null)} onSaved={onSaved} />
      )}
    </>
  );
}
