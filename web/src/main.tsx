import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { defineCustomElements } from '@department-of-veterans-affairs/web-components/loader';
import '@department-of-veterans-affairs/css-library/dist/stylesheets/core.css';
import '@department-of-veterans-affairs/css-library/dist/stylesheets/utilities.css';
import '@department-of-veterans-affairs/web-components/dist/component-library/component-library.css';
import iconSprite from '@department-of-veterans-affairs/web-components/dist/img/sprite.svg?url';
import './app.css';
import { App } from './App';
import { SessionProvider } from './identity/session';

// <va-icon> (the modal's close X, alert icons, …) draws from the design system's SVG sprite, by
// default at /img/sprite.svg. Vite bundles the installed package's sprite like the fonts and the
// app serves it from /assets (same origin, which va-icon requires); no CDN.
(globalThis as { __VA_ICON_SPRITE_LOCATION__?: string }).__VA_ICON_SPRITE_LOCATION__ = iconSprite;
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
