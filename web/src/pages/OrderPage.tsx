import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../api/errors';
import { can } from '../api/permissions';
import { orderChanged, orderQueries } from '../api/queries';
import type { Order } from '../api/types';
import { useApi } from '../components/ApiContext';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormatDate } from '../components/format';
import { exportHoldOf, HoldBadges } from '../components/orderLabels';
import { hasFlag, useMe } from '../components/SessionProvider';
import { Loading, NotFoundState, SuccessNotice } from '../components/StatusViews';
import { usePageTitle } from '../components/usePageTitle';
import { AssignmentDialog, type AssignmentStart } from './order/AssignmentDialog';
import { Diagnosis } from './order/Diagnosis';
import { History } from './order/History';
import { LinesTable } from './order/LinesTable';

function NotFound() {
  const { t } = useTranslation();
  return (
    <NotFoundState
      setTitle
      title={t('order.notFound.title')}
      body={t('order.notFound.body')}
      back={{ to: '/orders', label: t('order.notFound.back') }}
    />
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
  // The server lists "assign" when the caller may assign. Internal users without the support flag
  // may still try: the server then tells them to open a licensing case (no action of its own yet).
  const showActions = can(order, 'assign') || internal;
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
      <SuccessNotice message={saved} />
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
