import { useEffect, useState } from 'react';
import { ACTIONS, isEnabled, runAction, type Action } from '../actions';
import { useDocument } from '../state/documentStore';
import { historyRows } from '../state/history';
import { useUi } from '../state/uiStore';

const MENUS: Action['menu'][] = ['File', 'Edit', 'View', 'Timeline', 'Previz', 'Generate', 'Playback', 'Help'];

/** How many history states the Edit menu lists (the issue asks for the last 30). */
const HISTORY_SHOWN = 30;

function HistoryList({ onPick }: { onPick: () => void }) {
  const history = useDocument((s) => s.history);
  const rows = historyRows(history, HISTORY_SHOWN);
  const current = history.past.length;
  return (
    <div className="hist" data-testid="history-list">
      <div className="hist-head">History</div>
      <div className="hist-list">
        {rows.map((r) => (
          <button
            key={r.index}
            className={`menu-item hist-entry hist-${r.state}`}
            role="menuitemradio"
            aria-checked={r.state === 'current'}
            data-testid="history-entry"
            data-index={r.index}
            data-state={r.state}
            title={r.state === 'current' ? 'The document is here' : r.state === 'future' ? 'Undone: click to redo up to here' : 'Click to undo back to here'}
            onClick={() => {
              onPick();
              if (r.index === current) return;
              useDocument.getState().jump(r.index);
              useUi.getState().set({ status: `${r.index < current ? 'Went back to' : 'Went forward to'} ${r.label}` });
            }}
          >
            <span className="hist-mark">{r.state === 'current' ? '▸' : ''}</span>
            <span className="hist-label">{r.label}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

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
              {menu === 'Edit' && <HistoryList onPick={() => setOpen(null)} />}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
