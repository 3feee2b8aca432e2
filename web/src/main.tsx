import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ApiClient } from './api/client';
import { AppProviders, AppRoutes, createQueryClient } from './App';
import { currentLanguage, setupI18n } from './i18n';
import './styles.css';

setupI18n();

const api = new ApiClient({ getLanguage: currentLanguage });
const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AppProviders api={api} queryClient={queryClient}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  </StrictMode>,
);
