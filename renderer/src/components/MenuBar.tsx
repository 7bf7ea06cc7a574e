import { useEffect, useState } from 'react';
import { ACTIONS, isEnabled, runAction, type Action } from '../actions';
import { useDocument } from '../state/documentStore';
import { useUi } from '../state/uiStore';

const MENUS: Action['menu'][] = ['File', 'Edit', 'View', 'Timeline', 'Playback', 'Help'];

export function MenuBar() {
  const [open, setOpen] = useState<string | null>(null);
  // Re-render on document/selection changes so enabled states stay true.
  useDocument((s) => s.history);
  useUi((s) => s.selectedMedia);
  useEffect(() => {
    if (!open) return;
    const close = () => setOpen(null);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="menubar">
      <div className="brand">
        <i />
        Segue
      </div>
      {MENUS.map((menu) => (
        <div key={menu} className={`menu${open === menu ? ' open' : ''}`} onMouseDown={(e) => e.stopPropagation()}>
          <button onClick={() => setOpen(open === menu ? null : menu)} onMouseEnter={() => open && setOpen(menu)}>
            {menu}
          </button>
          {open === menu && (
            <div className="menu-list" role="menu">
              {ACTIONS.filter((a) => a.menu === menu).map((a) => (
                <button
                  key={a.id}
                  className="menu-item"
                  role="menuitem"
                  data-testid={`menu-${a.id}`}
                  disabled={!isEnabled(a)}
                  onClick={() => {
                    setOpen(null);
                    runAction(a.id);
                  }}
                >
                  <span>{a.label}</span>
                  {a.shortcut && <kbd>{a.shortcut}</kbd>}
                </button>
              ))}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
