/** The main navigation: a side bar on wide screens, a menu button on phones. */
import { useState } from 'preact/hooks';
import { hrefWithState, onLinkClick, useLocation } from '../lib/router.js';
import { NAV_ITEMS } from '../routes.js';

export function Nav({ onSignOut, email }: { onSignOut: () => void; email: string }) {
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  return (
    <nav class={`nav${open ? ' nav-open' : ''}`} aria-label="Main">
      <div class="nav-head">
        <a class="brand" href={hrefWithState('/')} onClick={onLinkClick}>
          Pulseboard
        </a>
        <button type="button" class="nav-toggle button-quiet" aria-expanded={open} aria-controls="nav-list" onClick={() => setOpen(!open)}>
          Menu
        </button>
      </div>
      <ul id="nav-list" class="nav-list">
        {NAV_ITEMS.map((item) => {
          const current = item.match(path);
          return (
            <li key={item.href}>
              <a
                href={hrefWithState(item.href)}
                aria-current={current ? 'page' : undefined}
                onClick={(e) => {
                  setOpen(false);
                  onLinkClick(e);
                }}
              >
                {item.label}
              </a>
            </li>
          );
        })}
        <li class="nav-user">
          <span class="nav-email" title={email}>
            {email}
          </span>
          <button type="button" class="button-quiet" onClick={onSignOut}>
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}
