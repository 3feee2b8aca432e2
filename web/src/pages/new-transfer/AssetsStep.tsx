import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';
import { useTransferLabels } from '../../components/transferLabels';
import { FieldErrorText } from './FieldErrorText';
import type { TransferWizard } from './useTransferWizard';

/** Step 4: the licenses (with quantities) and devices to transfer, and why others are not eligible. */
export function AssetsStep({ wizard }: { wizard: TransferWizard }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const labels = useTransferLabels();
  const { id, source, licenseQty, setLicenseQty, deviceIds, eligible, licenses, devices, errors, errorId, toggleLicense, toggleDevice } = wizard;
  return (
    <>
      <p className="section-description">{t('transferWizard.assets.description', { name: source?.name ?? '' })}</p>
      {eligible.isPending && <Loading />}
      {eligible.isError && <ErrorAlert error={eligible.error} onRetry={() => void eligible.refetch()} />}
      {eligible.isSuccess && (
        <>
          <h3>{t('transferWizard.assets.licenses')}</h3>
          {licenses.length === 0 ? (
            <EmptyState>{t('transferWizard.assets.noLicenses')}</EmptyState>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby={`${id}-lic`} tabIndex={0}>
              <table className="asset-table">
                <caption id={`${id}-lic`}>{t('transferWizard.assets.licenses')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('transferWizard.assets.select')}</th>
                    <th scope="col">{t('transferWizard.assets.product')}</th>
                    <th scope="col">{t('transferWizard.assets.virtualAccount')}</th>
                    <th scope="col" className="cell-number">{t('transferWizard.assets.quantity')}</th>
                    <th scope="col" className="cell-number">{t('transferWizard.assets.inUse')}</th>
                    <th scope="col" className="cell-number">{t('transferWizard.assets.reserved')}</th>
                    <th scope="col" className="cell-number">{t('transferWizard.assets.transferable')}</th>
                    <th scope="col">{t('transferWizard.assets.toTransfer')}</th>
                    <th scope="col">{t('transferWizard.assets.notEligible')}</th>
                  </tr>
                </thead>
                <tbody>
                  {licenses.map((l) => {
                    const key = String(l.id);
                    const selectable = l.eligible && l.transferable > 0;
                    const checked = licenseQty[key] !== undefined;
                    const error = errors[`license:${l.id}`];
                    const names = { product: l.product, va: l.virtual_account_name };
                    return (
                      <tr key={key} className={selectable ? undefined : 'row-disabled'}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t('transferWizard.assets.selectLicense', names)}
                            checked={checked}
                            disabled={!selectable}
                            onChange={(e) => toggleLicense(l, e.target.checked)}
                          />
                        </td>
                        <th scope="row">{l.product}</th>
                        <td>{l.virtual_account_name}</td>
                        <td className="cell-number">{fmt.number(l.quantity)}</td>
                        <td className="cell-number">{fmt.number(l.in_use)}</td>
                        <td className="cell-number">{fmt.number(l.reserved)}</td>
                        <td className="cell-number">{fmt.number(l.transferable)}</td>
                        <td>
                          {selectable ? (
                            <>
                              <input
                                type="number"
                                className="input-quantity"
                                min={1}
                                max={l.transferable}
                                step={1}
                                aria-label={t('transferWizard.assets.quantityOf', names)}
                                value={licenseQty[key] ?? String(l.transferable)}
                                disabled={!checked}
                                aria-invalid={error ? true : undefined}
                                aria-describedby={error ? errorId(`license-${key}`) : undefined}
                                onChange={(e) => setLicenseQty((c) => ({ ...c, [key]: e.target.value }))}
                              />
                              <FieldErrorText id={errorId(`license-${key}`)} message={error} />
                            </>
                          ) : (
                            t('common.none')
                          )}
                        </td>
                        <td>{labels.reason(l.reason) || (selectable ? t('common.none') : t('transferWizard.assets.nothingTransferable'))}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('transferWizard.assets.devices')}</h3>
          {devices.length === 0 ? (
            <EmptyState>{t('transferWizard.assets.noDevices')}</EmptyState>
          ) : (
            <div className="table-wrap" role="region" aria-labelledby={`${id}-dev`} tabIndex={0}>
              <table className="asset-table">
                <caption id={`${id}-dev`}>{t('transferWizard.assets.devices')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('transferWizard.assets.select')}</th>
                    <th scope="col">{t('transferWizard.assets.name')}</th>
                    <th scope="col">{t('transferWizard.assets.serial')}</th>
                    <th scope="col">{t('transferWizard.assets.product')}</th>
                    <th scope="col">{t('transferWizard.assets.deployment')}</th>
                    <th scope="col">{t('transferWizard.assets.virtualAccount')}</th>
                    <th scope="col">{t('transferWizard.assets.notEligible')}</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.map((d) => {
                    const key = String(d.id);
                    const error = errors[`device:${d.id}`];
                    return (
                      <tr key={key} className={d.eligible ? undefined : 'row-disabled'}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t('transferWizard.assets.selectDevice', { name: d.name, serial: d.serial })}
                            checked={deviceIds.includes(key)}
                            disabled={!d.eligible}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId(`device-${key}`) : undefined}
                            onChange={(e) => toggleDevice(d, e.target.checked)}
                          />
                          <FieldErrorText id={errorId(`device-${key}`)} message={error} />
                        </td>
                        <th scope="row">{d.name}</th>
                        <td className="cell-email">{d.serial}</td>
                        <td>{d.product}</td>
                        <td>{labels.deployment(String(d.deployment))}</td>
                        <td>{d.virtual_account_name}</td>
                        <td>{labels.reason(d.reason) || t('common.none')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <FieldErrorText id={errorId('assets')} message={errors.assets ?? errors.licenses ?? errors.devices} />
        </>
      )}
    </>
  );
}
