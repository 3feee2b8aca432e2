import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/errors';
import type { Me, Order } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newCasePath } from '../../components/caseLabels';
import { ChooseStep } from './assignment/ChooseStep';
import { ConfirmAssignment, ReviewStep } from './assignment/ReviewStep';
import { useAssignment, type AssignmentStart } from './assignment/useAssignment';

export type { AssignmentStart };

/**
 * "Smart Account Assignment" (seeds 001, 002, 004): choose an end-customer or
 * holding Smart Account by domain, name or email, a Virtual Account and the
 * lines; accept the terms of use; submit; confirm once more with "Yes".
 */
export function AssignmentDialog({
  order,
  me,
  start,
  onClose,
  onSaved,
}: {
  order: Order;
  me: Me | undefined;
  start: AssignmentStart;
  onClose: () => void;
  onSaved: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const form = useAssignment({ order, me, start, onSaved });
  const { step, setStep, setLocal, mutation, shownFields, onAssign, onSubmit, confirming } = form;

  const alert = mutation.error != null && (
    <>
      <ErrorAlert error={mutation.error} shownFields={shownFields} />
      {isApiError(mutation.error) && mutation.error.code === 'open_licensing_case' && (
        <p>
          <Link to={newCasePath({ order_number: order.sales_order_number })} onClick={onClose}>
            {t('assign.openCaseLink')}
          </Link>
        </p>
      )}
      {isApiError(mutation.error) && mutation.error.code === 'use_asset_transfer' && (
        <p>
          <Link to="/transfers" onClick={onClose}>
            {t('assign.transferLink')}
          </Link>
        </p>
      )}
    </>
  );

  return (
    <Dialog
      title={t('assign.title')}
      onClose={onClose}
      description={<p>{t('assign.description', { order: order.sales_order_number })}</p>}
      actions={
        step === 'choose' ? (
          <>
            <button type="button" className="button button-primary" onClick={onAssign}>
              {t('assign.assign')}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button-primary" onClick={onSubmit} disabled={mutation.isPending}>
              {t('assign.submit')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setLocal({});
                setStep('choose');
              }}
            >
              {t('assign.back')}
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </>
        )
      }
    >
      {alert}
      {step === 'choose' ? <ChooseStep form={form} /> : <ReviewStep form={form} />}
      {confirming && <ConfirmAssignment order={order} form={form} />}
    </Dialog>
  );
}
