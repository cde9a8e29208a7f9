import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { preloadLanding } from './app/preload';
import { getLocale } from './lib/i18n';
import './styles.css';

document.documentElement.lang = getLocale();
preloadLanding();

const root = document.getElementById('root');
if (!root) throw new Error('No #root element in index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
