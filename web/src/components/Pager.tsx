import { useTranslation } from 'react-i18next';

/** What a TanStack infinite query over a cursor-paged list (`next_cursor`) offers the pager. */
export interface CursorPages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Load more": fetches the page after the last one shown, while the API answers a next_cursor. */
export function LoadMore({ query }: { query: CursorPages }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => void query.fetchNextPage()}
      disabled={query.isFetchingNextPage}
    >
      {query.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
    </button>
  );
}
