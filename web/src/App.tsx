import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { ApiClient } from './api/client';
import { isApiError } from './api/errors';
import { ApiProvider } from './components/ApiContext';
import { AppLayout } from './components/Layout';
import { RequireAuth, RequireFlag } from './components/RequireAuth';
import { SessionProvider } from './components/SessionProvider';
import i18n from './i18n';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OutboxPage } from './pages/OutboxPage';
import { AcceptAccountPage } from './pages/AcceptAccountPage';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage';
import { RequestSmartAccountPage } from './pages/RequestSmartAccountPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { NewCasePage } from './pages/NewCasePage';
import { CompliancePage } from './pages/CompliancePage';
import { NewTransferPage } from './pages/NewTransferPage';
import { TransferPage } from './pages/TransferPage';
import { TransfersPage } from './pages/TransfersPage';
import { SmartAccountPage } from './pages/SmartAccountPage';
import { SmartAccountsPage } from './pages/SmartAccountsPage';
import { SecurityPage } from './pages/SecurityPage';
import { SignInPage } from './pages/SignInPage';
import { FindPage } from './pages/FindPage';
import { VirtualAccountPage } from './pages/VirtualAccountPage';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Retry only what may pass on a second try: network failures and 5xx.
        retry: (failureCount, error) =>
          failureCount < 2 && isApiError(error) && (error.status === 0 || error.status >= 500),
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}

export function AppProviders({
  api,
  queryClient,
  children,
}: {
  api: ApiClient;
  queryClient: QueryClient;
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider client={api}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>{children}</SessionProvider>
        </QueryClientProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {/* Reached from a link in an email, with or without a session. */}
      <Route path="/accept-account" element={<AcceptAccountPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:number" element={<OrderPage />} />
        <Route path="smart-accounts" element={<SmartAccountsPage />} />
        <Route path="smart-accounts/request" element={<RequestSmartAccountPage />} />
        <Route path="smart-accounts/:id" element={<SmartAccountPage />} />
        <Route path="smart-accounts/:id/virtual-accounts/:vaId" element={<VirtualAccountPage />} />
        <Route path="security" element={<SecurityPage />} />
        <Route path="find" element={<FindPage />} />
        <Route path="transfers" element={<TransfersPage />} />
        <Route path="transfers/new" element={<NewTransferPage />} />
        <Route path="transfers/:id" element={<TransferPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="cases/new" element={<NewCasePage />} />
        <Route path="cases/:id" element={<CasePage />} />
        <Route
          path="compliance"
          element={
            <RequireFlag flag="compliance">
              <CompliancePage />
            </RequireFlag>
          }
        />
        <Route
          path="outbox"
          element={
            <RequireFlag flag="platform_admin">
              <OutboxPage />
            </RequireFlag>
          }
        />
        <Route path="home" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
