import { useTranslation } from 'react-i18next';
import type { Order } from '../../../api/types';
import { Dialog } from '../../../components/Dialog';
import { StatusBadge } from '../../../components/labels';
import type { AssignmentForm } from './useAssignment';

/** The second step: what will be assigned, the terms of use to accept. */
export function ReviewStep({ form }: { form: AssignmentForm }) {
  const { t } = useTranslation();
  const { id, support, chosen, va, sortedLines, caseNumber, accepted, setAccepted, setLocal, errors, errorId } = form;
  return (
    <>
      <h3>{t('assign.review.title')}</h3>
      <dl className="review-list">
        <dt>{t('assign.review.smartAccount')}</dt>
        <dd>
          {chosen?.name} ({chosen?.domain}) <StatusBadge status={String(chosen?.status ?? '')} />
        </dd>
        <dt>{t('assign.review.virtualAccount')}</dt>
        <dd>{va?.name}</dd>
        <dt>{t('assign.review.lines')}</dt>
        <dd>{sortedLines.join(', ')}</dd>
        {support && (
          <>
            <dt>{t('assign.caseNumber')}</dt>
            <dd>{caseNumber.trim()}</dd>
          </>
        )}
      </dl>
      {chosen?.status === 'pending' && <p className="notice notice-expired">{t('assign.pendingNote')}</p>}
      <p id={`${id}-terms-text`} className="section-description">
        {t('assign.termsText')}
      </p>
      <div className={`check-field${errors.accept_terms ? ' field-invalid' : ''}`}>
        <input
          id={`${id}-terms`}
          type="checkbox"
          name="accept_terms"
          checked={accepted}
          aria-invalid={errors.accept_terms ? true : undefined}
          aria-describedby={`${id}-terms-text${errors.accept_terms ? ` ${errorId('accept_terms')}` : ''}`}
          onChange={(e) => {
            setAccepted(e.target.checked);
            if (e.target.checked) setLocal({});
          }}
          data-autofocus
        />
        <label htmlFor={`${id}-terms`}>{t('assign.terms')}</label>
      </div>
      {errors.accept_terms && (
        <p id={errorId('accept_terms')} className="field-error">
          {errors.accept_terms}
        </p>
      )}
    </>
  );
}

/** The last question before the request: "Yes" assigns. */
export function ConfirmAssignment({ order, form }: { order: Order; form: AssignmentForm }) {
  const { t } = useTranslation();
  const { support, chosen, va, vaId, sortedLines, caseNumber, accepted, setConfirming, mutation } = form;
  return (
    <Dialog
      title={t('assign.confirm.title')}
      role="alertdialog"
      onClose={() => !mutation.isPending && setConfirming(false)}
      description={
        <p>
          {t('assign.confirm.message', {
            lines: sortedLines.join(', '),
            order: order.sales_order_number,
            account: chosen?.name ?? '',
            virtualAccount: va?.name ?? '',
          })}
        </p>
      }
      actions={
        <>
          <button
            type="button"
            className="button button-primary"
            onClick={() =>
              mutation.mutate({
                smart_account_id: chosen!.id,
                virtual_account_id: va?.id ?? vaId,
                line_numbers: sortedLines,
                accept_terms: accepted,
                ...(support ? { case_number: caseNumber.trim() } : {}),
              })
            }
            disabled={mutation.isPending}
          >
            {mutation.isPending ? t('assign.submitting') : t('assign.confirm.yes')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setConfirming(false)}
            disabled={mutation.isPending}
            data-autofocus
          >
            {t('assign.confirm.no')}
          </button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
