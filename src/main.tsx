import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { ErrorBoundary } from './ui/errors/ErrorBoundary.tsx';
import { registerOfflineCache } from './ui/state/offline.ts';
import './ui/app.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary area="PhraseGround">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);

registerOfflineCache();
