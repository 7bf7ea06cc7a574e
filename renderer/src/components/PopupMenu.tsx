// A context menu at the pointer: kept on screen, closed by a click outside, Escape or
// the window losing focus. Items run their command and close the menu.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export function PopupMenu({ x, y, title, testid, onClose, children }: { x: number; y: number; title?: string; testid: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  // Keep the menu on screen near the window's right and bottom edges.
  useLayoutEffect(() => {
    const r = ref.current?.getBoundingClientRect();
    if (!r) return;
    setPos({ left: Math.max(0, Math.min(x, window.innerWidth - r.width - 4)), top: Math.max(0, Math.min(y, window.innerHeight - r.height - 4)) });
  }, [x, y]);
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);
  return createPortal(
    <div
      ref={ref}
      className="th-menu"
      role="menu"
      data-testid={testid}
      style={pos}
      onMouseDown={(e) => e.stopPropagation()}
      onContextMenu={(e) => {
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      {title && <div className="th-menu-title">{title}</div>}
      {children}
    </div>,
    document.body,
  );
}

export function MenuItem({ testid, label, shortcut, disabled, onRun, onClose }: { testid: string; label: string; shortcut?: string; disabled?: string | boolean; onRun: () => void; onClose: () => void }) {
  return (
    <button
      className="menu-item"
      role="menuitem"
      data-testid={testid}
      disabled={disabled !== undefined && disabled !== false}
      title={typeof disabled === 'string' ? disabled : undefined}
      onClick={() => {
        onClose();
        onRun();
      }}
    >
      <span>{label}</span>
      {shortcut && <kbd>{shortcut}</kbd>}
    </button>
  );
}

export const MenuSeparator = () => <div className="th-menu-sep" />;
