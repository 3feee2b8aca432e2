import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { licensingQueries } from '../../api/queries';
import type { SigningKey } from '../../api/types';
import { useApi } from '../../components/ApiContext';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormatDate } from '../../components/format';
import { EmptyState, Loading } from '../../components/StatusViews';

export type KeyState = 'signs' | 'verifies' | 'retired';

/**
 * What each key does now. The server lists the keys newest first and signs
 * with the first that is not retired; the other unretired keys still verify
 * what they signed, a retired key verifies nothing.
 */
export function keyStates(keys: readonly SigningKey[]): KeyState[] {
  const signer = keys.findIndex((k) => !k.retired_at);
  return keys.map((k, i) => (k.retired_at ? 'retired' : i === signer ? 'signs' : 'verifies'));
}

/**
 * The Ed25519 keys that sign the documents licensed products receive
 * (authorizations, leases; SPEC §8), for platform admins. The list is public
 * (products fetch it); rotating and retiring keys is done on the server
 * (`entitled keys rotate`), not here.
 */
export function SigningKeys() {
  const { t } = useTranslation();
  const api = useApi();
  const fmt = useFormatDate();
  const id = useId();
  const query = useQuery(licensingQueries.signingKeys(api));
  const keys = query.data?.keys ?? [];
  const states = keyStates(keys);
  return (
    <section aria-labelledby={id} className="card card-spaced">
      <h2 id={id}>{t('signingKeys.title')}</h2>
      <p className="section-description">{t('signingKeys.intro')}</p>
      {query.isPending && <Loading />}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && keys.length === 0 && <EmptyState>{t('signingKeys.empty')}</EmptyState>}
      {keys.length > 0 && (
        <DataTable caption={t('signingKeys.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('signingKeys.kid')}</th>
              <th scope="col">{t('signingKeys.algorithm')}</th>
              <th scope="col">{t('signingKeys.created')}</th>
              <th scope="col">{t('signingKeys.state')}</th>
              <th scope="col">{t('signingKeys.retired')}</th>
              <th scope="col">{t('signingKeys.publicKey')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k, i) => (
              <tr key={k.kid}>
                <th scope="row">
                  <code>{k.kid}</code>
                </th>
                <td>{k.alg}</td>
                <td className="cell-nowrap">
                  <time dateTime={k.created_at}>{fmt.dateTime(k.created_at)}</time>
                </td>
                <td>
                  <span className={`badge badge-key-${states[i]}`}>{t(`signingKeys.states.${states[i]}`)}</span>
                </td>
                <td className="cell-nowrap">
                  {k.retired_at ? <time dateTime={k.retired_at}>{fmt.dateTime(k.retired_at)}</time> : t('common.none')}
                </td>
                <td>
                  <code className="code-break">{k.public_key}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
