import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { defineCustomElements } from '@department-of-veterans-affairs/web-components/loader';
import '@department-of-veterans-affairs/css-library/dist/stylesheets/core.css';
import '@department-of-veterans-affairs/css-library/dist/stylesheets/utilities.css';
import '@department-of-veterans-affairs/web-components/dist/component-library/component-library.css';
import './app.css';
import { App } from './App';
import { SessionProvider } from './identity/session';

void defineCustomElements();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
