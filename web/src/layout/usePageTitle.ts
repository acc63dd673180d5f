import { useEffect } from 'react';

/** Sets the document title the way VA.gov does, and moves focus to the page's h1 for screen readers. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} | Veterans Affairs`;
    const h1 = document.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: true });
    }
  }, [title]);
}
