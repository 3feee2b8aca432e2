import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField } from '../../components/Fields';
import { EmptyState, Loading } from '../../components/StatusViews';
import { Tabs } from '../../components/Tabs';
import { AccountChoice, AccountSearch } from './AccountPicker';
import { CountsPanel } from './CountsPanel';
import { FieldErrorText } from './FieldErrorText';
import { sameId } from './wizard';
import type { TransferWizard } from './useTransferWizard';

/** Step 1: the source Smart Account, searched by name or domain, with its counts beside the results. */
export function SourceStep({ wizard }: { wizard: TransferWizard }) {
  const { t } = useTranslation();
  const { source, countsFor, setCountsFor, errors, errorId, chooseSource } = wizard;
  return (
    <>
      <p className="section-description">{t('transferWizard.source.description')}</p>
      <div className={countsFor ? 'with-side-panel' : undefined}>
        <div>
          <AccountSearch
            selected={source}
            onSelect={chooseSource}
            onShowCounts={(a) => setCountsFor((c) => (sameId(c?.id, a.id) ? null : a))}
            countsFor={countsFor}
          />
          {source && <p className="section-description">{t('transferWizard.source.chosen', { name: source.name })}</p>}
          <FieldErrorText id={errorId('source_smart_account_id')} message={errors.source_smart_account_id} />
        </div>
        {countsFor && <CountsPanel account={countsFor} onClose={() => setCountsFor(null)} />}
      </div>
    </>
  );
}

/** Step 2: the destination Smart Account (one of mine, or searched) and its Virtual Account. */
export function DestinationStep({ wizard }: { wizard: TransferWizard }) {
  const { t } = useTranslation();
  const { mine, source, destTab, setDestTab, dest, vaId, setVaId, vas, vaItems, errors, errorId, chooseDest, myAccounts } = wizard;
  return (
    <>
      <p className="section-description">{t('transferWizard.destination.description')}</p>
      <Tabs
        label={t('transferWizard.destination.tabsLabel')}
        tabs={[
          { key: 'mine' as const, label: t('transferWizard.destination.mine') },
          { key: 'search' as const, label: t('transferWizard.destination.search') },
        ]}
        selected={destTab}
        onSelect={setDestTab}
      >
        {destTab === 'mine' ? (
          <>
            {mine.isPending && <Loading />}
            {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
            {mine.isSuccess && myAccounts.length === 0 && <EmptyState>{t('transferWizard.destination.mineEmpty')}</EmptyState>}
            {myAccounts.length > 0 && (
              <AccountChoice
                accounts={myAccounts}
                caption={t('transferWizard.destination.mineCaption')}
                selected={dest}
                onSelect={chooseDest}
              />
            )}
          </>
        ) : (
          <AccountSearch selected={dest} onSelect={chooseDest} exclude={source?.id} />
        )}
      </Tabs>
      {dest && <p className="section-description">{t('transferWizard.destination.chosen', { name: dest.name })}</p>}
      <FieldErrorText id={errorId('destination_smart_account_id')} message={errors.destination_smart_account_id} />
      {dest && (
        <>
          {vas.isPending && <Loading />}
          {vas.isError && <ErrorAlert error={vas.error} onRetry={() => void vas.refetch()} />}
          {vas.isSuccess && (
            <SelectField
              name="destination_virtual_account_id"
              label={t('transferWizard.destination.virtualAccount')}
              className="field-medium"
              value={vaId}
              error={errors.destination_virtual_account_id}
              onChange={(e) => setVaId(e.target.value)}
              required
            >
              <option value="">{t('transferWizard.destination.chooseVirtualAccount')}</option>
              {vaItems.map((v) => (
                <option key={v.id} value={String(v.id)}>
                  {v.name}
                </option>
              ))}
            </SelectField>
          )}
        </>
      )}
    </>
  );
}
