import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { isApiError, type ApiError } from '../api/errors';
import { meKeys, meQueries } from '../api/queries';
import type { Flag, Locale, Me } from '../api/types';
import i18n, { currentLanguage, isSupportedLanguage, rememberLanguage } from '../i18n';
import { useApi } from './ApiContext';

/**
 * Session state of the UI. The session itself is the server's HttpOnly cookie;
 * here we only know whether we believe it is valid.
 *
 * - `loading`: asking GET /me whether a session exists (page load).
 * - `signedIn`: the user is in the query cache under meKeys.all.
 * - `signedOut`: `notice` says why, for the sign-in page.
 * - `error`: the server could not be asked (network, 5xx).
 */
export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'error';
export type SignedOutNotice = 'expired' | 'signedOut' | null;

/** Set while signed in, in this tab only: a 401 on reload then means "expired". */
const SIGNED_IN_MARKER = 'entitled.signedIn';

interface SessionContextValue {
  status: SessionStatus;
  notice: SignedOutNotice;
  startError: ApiError | null;
  /** Pass `totpCode` once the server asked for it (401 `totp_required`). */
  signIn: (email: string, password: string, totpCode?: string) => Promise<Me>;
  signOut: () => Promise<void>;
  /** Changes the UI language, remembers it, and saves it to the profile when signed in. */
  changeLanguage: (language: Locale) => Promise<void>;
  retryStart: () => void;
  clearNotice: () => void;
  /**
   * Picks up a session the server started outside the sign-in form (accepting
   * a Smart Account or an invitation sets the cookie): asks GET /me and enters it.
   */
  adoptSession: () => Promise<Me>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function marker(action: 'set' | 'clear' | 'get'): boolean {
  try {
    const storage = globalThis.sessionStorage;
    if (action === 'set') storage.setItem(SIGNED_IN_MARKER, '1');
    if (action === 'clear') storage.removeItem(SIGNED_IN_MARKER);
    return storage.getItem(SIGNED_IN_MARKER) === '1';
  } catch {
    return false;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [notice, setNotice] = useState<SignedOutNotice>(null);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const statusRef = useRef<SessionStatus>(status);
  statusRef.current = status;

  const applyUserLanguage = useCallback(
    (locale: string) => {
      if (!isSupportedLanguage(locale)) return;
      rememberLanguage(locale);
      if (i18n.language !== locale) void i18n.changeLanguage(locale);
    },
    [],
  );

  const enterSignedIn = useCallback(
    (me: Me) => {
      queryClient.setQueryData(meKeys.all, me);
      marker('set');
      applyUserLanguage(me.locale);
      setNotice(null);
      setStartError(null);
      setStatus('signedIn');
    },
    [queryClient, applyUserLanguage],
  );

  const enterSignedOut = useCallback(
    (why: SignedOutNotice) => {
      marker('clear');
      api.setCsrfToken(null);
      // Leaving a session: drop everything fetched as that user. Finding no
      // session at start leaves the cache alone, so a public page's queries
      // (accepting an account from a mail link) are not cancelled mid-flight.
      if (statusRef.current === 'signedIn') {
        void queryClient.cancelQueries();
        queryClient.clear();
      }
      setNotice(why);
      setStatus('signedOut');
    },
    [api, queryClient],
  );

  // Any 401 while signed in: the session is gone (expired, revoked, cookie
  // deleted). Back to the sign-in page with a message.
  useEffect(() => {
    api.getLanguage = currentLanguage;
    api.onUnauthorized = () => {
      if (statusRef.current === 'signedIn') enterSignedOut('expired');
    };
    return () => {
      api.onUnauthorized = null;
    };
  }, [api, enterSignedOut]);

  // On load: is there a session already?
  useEffect(() => {
    const controller = new AbortController();
    setStatus('loading');
    api
      .me({ ignoreUnauthorized: true, signal: controller.signal })
      .then(enterSignedIn)
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(error) && error.status === 401) {
          const expired = marker('get') || error.code === 'session_expired';
          enterSignedOut(expired ? 'expired' : null);
        } else if (isApiError(error)) {
          setStartError(error);
          setStatus('error');
        }
      });
    return () => controller.abort();
  }, [api, enterSignedIn, enterSignedOut, attempt]);

  const signIn = useCallback(
    async (email: string, password: string, totpCode?: string) => {
      const { user } = await api.login(totpCode === undefined ? { email, password } : { email, password, totp_code: totpCode });
      enterSignedIn(user);
      return user;
    },
    [api, enterSignedIn],
  );

  const adoptSession = useCallback(async () => {
    const me = await api.me({ ignoreUnauthorized: true });
    enterSignedIn(me);
    return me;
  }, [api, enterSignedIn]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      // 401: the session had ended anyway. Anything else: still signed in.
      if (!(isApiError(error) && error.status === 401)) throw error;
    }
    enterSignedOut('signedOut');
  }, [api, enterSignedOut]);

  const changeLanguage = useCallback(
    async (language: Locale) => {
      rememberLanguage(language);
      await i18n.changeLanguage(language);
      if (statusRef.current !== 'signedIn') return;
      const me = await api.updateMe({ locale: language });
      queryClient.setQueryData(meKeys.all, me);
    },
    [api, queryClient],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      notice,
      startError,
      signIn,
      signOut,
      changeLanguage,
      retryStart: () => setAttempt((n) => n + 1),
      clearNotice: () => setNotice(null),
      adoptSession,
    }),
    [status, notice, startError, signIn, signOut, changeLanguage, adoptSession],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, kept fresh: refetched on focus and whenever invalidated. */
export function useMe() {
  const api = useApi();
  const { status } = useSession();
  return useQuery({ ...meQueries.current(api), enabled: status === 'signedIn' });
}

export function hasFlag(me: Me | undefined, flag: Flag): boolean {
  return !!me?.flags?.includes(flag);
}
