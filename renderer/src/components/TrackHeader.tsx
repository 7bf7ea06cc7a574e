// A track's header: lock, visibility (video), name (double-click to rename), mute and
// solo; a drag handle on the bottom edge sets the height; right-click adds and deletes
// tracks. Every change is a pure edit from shared/timeline/edit/tracks.ts applied as one
// undo step; a height drag is squashed into one step with a history mark.
import { useCallback, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Track } from '../../../shared/timeline/model';
import { removeTrack, setTrack, type TrackPatch } from '../../../shared/timeline/edit/tracks';
import { addTrackOf } from '../actions/editing';
import { MenuItem, MenuSeparator, PopupMenu } from './PopupMenu';
import { getProject, useDocument } from '../state/documentStore';

const set = (label: string, trackId: string, patch: TrackPatch) => useDocument.getState().edit(label, (tl) => setTrack(tl, trackId, patch));

// Drawn as SVG: no icon or emoji font is guaranteed on every platform.
const LockIcon = ({ locked }: { locked: boolean }) => (
  <svg viewBox="0 0 12 12" width="11" height="11" aria-hidden="true">
    <rect x="2" y="5.5" width="8" height="5.5" rx="1" fill="currentColor" />
    <path d={locked ? 'M3.8 5.5V4a2.2 2.2 0 0 1 4.4 0v1.5' : 'M3.8 5.5V4a2.2 2.2 0 0 1 4.3-.6'} fill="none" stroke="currentColor" strokeWidth="1.3" />
  </svg>
);

const EyeIcon = ({ open }: { open: boolean }) => (
  <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
    <path d="M1 6c1.3-2.3 3-3.4 5-3.4S9.7 3.7 11 6c-1.3 2.3-3 3.4-5 3.4S2.3 8.3 1 6z" fill="none" stroke="currentColor" strokeWidth="1.1" />
    <circle cx="6" cy="6" r="1.6" fill="currentColor" />
    {!open && <path d="M2 10.5 10 1.5" stroke="currentColor" strokeWidth="1.3" />}
  </svg>
);

interface MenuProps {
  track: Track;
  x: number;
  y: number;
  onClose: () => void;
  onRename: () => void;
}

function TrackMenu({ track, x, y, onClose, onRename }: MenuProps) {
  const lastOfKind = getProject().timeline.tracks.filter((t) => t.kind === track.kind).length <= 1;
  const item = (testid: string, label: string, run: () => void, disabled?: string) => <MenuItem testid={testid} label={label} onRun={run} disabled={disabled} onClose={onClose} />;
  return (
    <PopupMenu x={x} y={y} title={track.name} testid="track-menu" onClose={onClose}>
      {item('track-menu-rename', 'Rename Track', onRename)}
      <MenuSeparator />
      {item('track-menu-add-video', 'Add Video Track', () => addTrackOf('video'))}
      {item('track-menu-add-audio', 'Add Audio Track', () => addTrackOf('audio'))}
      <MenuSeparator />
      {item(
        'track-menu-delete',
        'Delete Track',
        () => useDocument.getState().edit(`Delete Track ${track.name}`, (tl) => removeTrack(tl, track.id)),
        lastOfKind ? `The timeline needs at least one ${track.kind} track.` : undefined,
      )}
    </PopupMenu>
  );
}

function NameField({ track, editing, setEditing }: { track: Track; editing: boolean; setEditing: (on: boolean) => void }) {
  const cancelled = useRef(false);
  if (!editing)
    return (
      <span className="name th-name" data-testid="track-name" title={`${track.name} — double-click to rename`} onDoubleClick={() => setEditing(true)}>
        {track.name}
      </span>
    );
  const finish = (value: string) => {
    setEditing(false);
    if (cancelled.current) return;
    const name = value.trim();
    if (name && name !== track.name) set(`Rename ${track.name} to ${name}`, track.id, { name });
  };
  return (
    <input
      className="th-name-input"
      data-testid="track-name-input"
      aria-label="Track name"
      defaultValue={track.name}
      maxLength={256}
      autoFocus
      onFocus={(e) => {
        cancelled.current = false;
        e.currentTarget.select();
      }}
      onMouseDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        else if (e.key === 'Escape') {
          cancelled.current = true;
          e.currentTarget.blur();
        }
      }}
      onBlur={(e) => finish(e.currentTarget.value)}
    />
  );
}

export function TrackHeader({ track }: { track: Track }) {
  const [editing, setEditing] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [resizing, setResizing] = useState(false);
  const closeMenu = useCallback(() => setMenu(null), []);
  const drag = useRef<{ pointerId: number; startY: number; startHeight: number } | null>(null);
  // The outermost header of each kind (top video, bottom audio) carries the "+" (when
  // tall enough to show a second line; the context menu always works): the new track
  // appears right next to it.
  const outermost = useDocument((s) => {
    const ofKind = s.history.present.timeline.tracks.filter((t) => t.kind === track.kind);
    return ofKind[ofKind.length - 1]?.id === track.id;
  });
  const clipCount = track.items.reduce((n, i) => n + (i.kind === 'clip' ? 1 : 0), 0);

  const toggle = (key: 'muted' | 'solo' | 'locked' | 'enabled', on: string, off: string) => {
    const value = !track[key];
    // "on" is the verb that sets the flag: Mute, Solo, Lock; for `enabled` it is Show.
    set(`${value ? on : off} ${track.name}`, track.id, { [key]: value });
  };

  const endDrag = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag.current || drag.current.pointerId !== e.pointerId) return;
    drag.current = null;
    setResizing(false);
    useDocument.getState().release();
  };

  const cls = ['track-header', 'th', track.kind, track.muted ? 'th-muted' : '', track.locked ? 'th-locked' : '', track.enabled ? '' : 'th-hidden', resizing ? 'th-resizing' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={cls}
      data-testid="track-header"
      data-track-id={track.id}
      data-kind={track.kind}
      style={{ height: track.height }}
      onContextMenu={(e) => {
        e.preventDefault();
        setMenu({ x: e.clientX, y: e.clientY });
      }}
    >
      <div className="th-row">
        <button className={`th-ico${track.locked ? ' on lock' : ''}`} data-testid="track-lock" aria-pressed={track.locked} title={track.locked ? 'Unlock track' : 'Lock track'} onClick={() => toggle('locked', 'Lock', 'Unlock')}>
          <LockIcon locked={track.locked} />
        </button>
        {track.kind === 'video' ? (
          <button
            className={`th-ico${track.enabled ? '' : ' on hide'}`}
            data-testid="track-visible"
            aria-pressed={!track.enabled}
            title={track.enabled ? 'Hide track output' : 'Show track output'}
            onClick={() => toggle('enabled', 'Show', 'Hide')}
          >
            <EyeIcon open={track.enabled} />
          </button>
        ) : (
          <span className="th-ico-space" />
        )}
        <NameField track={track} editing={editing} setEditing={setEditing} />
        <button className={`tgl m${track.muted ? ' on' : ''}`} data-testid="track-mute" aria-pressed={track.muted} title={track.muted ? 'Unmute' : 'Mute'} onClick={() => toggle('muted', 'Mute', 'Unmute')}>
          M
        </button>
        <button className={`tgl s${track.solo ? ' on' : ''}`} data-testid="track-solo" aria-pressed={track.solo} title={track.solo ? 'Unsolo' : 'Solo'} onClick={() => toggle('solo', 'Solo', 'Unsolo')}>
          S
        </button>
      </div>
      {track.height >= 44 && (
        <div className="th-meta">
          <span className="th-count">
            {clipCount === 0 ? 'empty' : `${clipCount} clip${clipCount === 1 ? '' : 's'}`}
            {track.locked ? ' · locked' : ''}
          </span>
          {outermost && (
            <button className="th-add" data-testid={`add-${track.kind}-track`} title={`Add ${(track.kind === 'video' ? 'Video' : 'Audio')} Track`} onClick={() => addTrackOf(track.kind)}>
              +
            </button>
          )}
        </div>
      )}
      <div
        className="th-resize"
        data-testid="track-resize"
        title="Drag to change the track height"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { pointerId: e.pointerId, startY: e.clientY, startHeight: track.height };
          setResizing(true);
          // Every height change until release() becomes one undo step.
          useDocument.getState().mark();
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d || d.pointerId !== e.pointerId) return;
          set(`Resize ${track.name}`, track.id, { height: d.startHeight + e.clientY - d.startY });
        }}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onLostPointerCapture={endDrag}
      />
      {menu && <TrackMenu track={track} x={menu.x} y={menu.y} onClose={closeMenu} onRename={() => setEditing(true)} />}
    </div>
  );
}
