import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap } from '../../api/errors';
import type { LicenseSummaryRow, VirtualAccount } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { isFloating, poolKey } from '../../components/licenseModel';
import { TextField } from '../../components/TextField';

export function MoveForm({
  va,
  rows,
  others,
  onDone,
}: {
  va: VirtualAccount;
  rows: LicenseSummaryRow[];
  others: VirtualAccount[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const movable = rows.filter((r) => r.available > 0);
  // `product` holds the pool's key: a product's device and floating licenses move apart.
  const [values, setValues] = useState({ product: '', quantity: '1', to: '' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (input: { pool: LicenseSummaryRow; quantity: number; to: VirtualAccount }) =>
      api.moveLicenses(va.id, {
        to_virtual_account_id: input.to.id,
        product: input.pool.product,
        quantity: input.quantity,
        // Omitted for device licenses, the server's default.
        ...(isFloating(input.pool) ? { license_model: 'floating' as const } : {}),
      }),
    onSuccess: (result, input) => {
      setValues({ product: '', quantity: '1', to: '' });
      const message = {
        quantity: result?.quantity ?? input.quantity,
        product: result?.product ?? input.pool.product,
        to: input.to.name,
      };
      onDone(isFloating(input.pool) ? t('vaPage.move.doneFloating', message) : t('vaPage.move.done', message));
    },
  });
  const server = fieldErrorMap(mutation.error);
  const errors: Record<string, string | undefined> = {
    product: local.product ?? server.product,
    quantity: local.quantity ?? server.quantity,
    to: local.to ?? server.to_virtual_account_id,
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const quantity = Number(values.quantity);
    const pool = movable.find((r) => poolKey(r) === values.product);
    if (!pool) next.product = t('form.required');
    if (!values.quantity.trim()) next.quantity = t('form.required');
    else if (!Number.isInteger(quantity) || quantity < 1) next.quantity = t('vaPage.move.quantityInvalid');
    const to = others.find((o) => String(o.id) === values.to);
    if (!to) next.to = t('form.required');
    setLocal(next);
    if (Object.keys(next).length > 0 || !to || !pool) return;
    mutation.mutate({ pool, quantity, to });
  };
  return (
    <form className="form card card-spaced" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('vaPage.move.title')}</h3>
      <p className="section-description">{t('vaPage.move.description')}</p>
      {mutation.error != null && (
        <ErrorAlert error={mutation.error} shownFields={['product', 'quantity', 'to_virtual_account_id']} />
      )}
      {movable.length === 0 || others.length === 0 ? (
        <p>{movable.length === 0 ? t('vaPage.move.nothingToMove') : t('vaPage.move.noOtherAccount')}</p>
      ) : (
        <>
          <SelectField
            name="product"
            label={t('vaPage.move.product')}
            value={values.product}
            onChange={(e) => setValues((v) => ({ ...v, product: e.target.value }))}
            error={errors.product}
            required
          >
            <option value="">{t('vaPage.move.chooseProduct')}</option>
            {movable.map((r) => (
              <option key={poolKey(r)} value={poolKey(r)}>
                {isFloating(r)
                  ? t('vaPage.move.productOptionFloating', { product: r.product, available: r.available })
                  : t('vaPage.move.productOption', { product: r.product, available: r.available })}
              </option>
            ))}
          </SelectField>
          <TextField
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            label={t('vaPage.move.quantity')}
            value={values.quantity}
            onChange={(e) => setValues((v) => ({ ...v, quantity: e.target.value }))}
            error={errors.quantity}
            required
            className="field-narrow"
          />
          <SelectField
            name="to_virtual_account_id"
            label={t('vaPage.move.to')}
            value={values.to}
            onChange={(e) => setValues((v) => ({ ...v, to: e.target.value }))}
            error={errors.to}
            required
          >
            <option value="">{t('vaPage.move.chooseTo')}</option>
            {others.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={mutation.isPending}>
              {mutation.isPending ? t('vaPage.move.moving') : t('vaPage.move.submit')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
