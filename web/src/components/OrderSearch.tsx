import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * The global search of the header (seed 001, step 2): a Sales Order or Web
 * Order number leads to the results on /orders?q=….
 */
export function OrderSearch() {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/orders' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = q.trim();
    navigate(value ? `/orders?${new URLSearchParams({ q: value }).toString()}` : '/orders');
  };

  return (
    <form className="global-search" role="search" aria-label={t('orderSearch.label')} onSubmit={onSubmit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        {t('orderSearch.input')}
      </label>
      <input
        id={`${id}-q`}
        name="q"
        type="search"
        value={q}
        autoComplete="off"
        placeholder={t('orderSearch.placeholder')}
        onChange={(e) => setQ(e.target.value)}
      />
      <button type="submit" className="button button-header">
        {t('orderSearch.submit')}
      </button>
    </form>
  );
}
