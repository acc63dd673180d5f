import { useId, useState } from 'react';
import { VaAlert } from '@department-of-veterans-affairs/web-components/react-bindings';

/**
 * "Print or download" (VA.gov PrintDownload.jsx): a menu with Print, Download a PDF and Download a
 * text file. Downloads come from the API (`exportUrl` + format); printing opens the print view.
 */
export function PrintDownload({ exportUrl, printPath, list }: { exportUrl: string; printPath: string; list: boolean }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ status: 'success' | 'error'; text: string } | null>(null);
  const menuId = useId();
  const what = list ? '' : ' of this page';
  const sep = exportUrl.includes('?') ? '&' : '?';

  async function download(format: 'pdf' | 'txt') {
    setOpen(false);
    setMessage(null);
    try {
      const res = await fetch(`${exportUrl}${sep}format=${format}`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `VA-medications.${format}`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage({ status: 'success', text: 'Download started' });
    } catch {
      setMessage({
        status: 'error',
        text: 'We can’t download your records right now. Try again later. If it still doesn’t work, call us at 877-327-0022 (TTY: 711). We’re here Monday through Friday, 8:00 a.m. to 8:00 p.m. ET.',
      });
    }
  }

  return (
    <div className="rxb-print-download">
      {message && (
        <VaAlert status={message.status} visible slim data-testid="download-alert">
          <p className="vads-u-margin-y--0">{message.text}</p>
        </VaAlert>
      )}
      <button
        type="button"
        className="usa-button usa-button--secondary rxb-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        {list ? 'Print or download filtered list' : 'Print or download'}
      </button>
      <ul id={menuId} className="rxb-menu" hidden={!open}>
        <li>
          <button
            type="button"
            className="rxb-linklike"
            onClick={() => {
              setOpen(false);
              window.open(printPath, '_self');
            }}
          >
            {list ? 'Print' : 'Print this page'}
          </button>
        </li>
        <li>
          <button type="button" className="rxb-linklike" onClick={() => void download('pdf')}>
            Download a PDF{what}
          </button>
        </li>
        <li>
          <button type="button" className="rxb-linklike" onClick={() => void download('txt')}>
            Download a text file (.txt){what}
          </button>
        </li>
      </ul>
    </div>
  );
}
