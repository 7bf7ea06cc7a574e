// The markers panel (the right side panel's second tab): every marker as a review note in
// time order, with its colour, timecode, length, name, author, status and the start of
// its note. Click to put the playhead on it, double-click to edit it, tick to resolve or
// reopen it (one undo step); filter by status and by text.
import { useEffect, useMemo, useRef } from 'react';
import { create } from 'zustand';
import type { Marker } from '../../../shared/timeline/model';
import { formatTimecode } from '../../../shared/timeline/time';
import { getTimelineWidth } from '../actions';
import { jumpToMarker, setStatus } from '../actions/markers';
import { useProject } from '../state/documentStore';
import { ui, useUi, type UiState } from '../state/uiStore';
import { MARKER_COLORS } from './Ruler';

export type StatusFilter = 'all' | 'open' | 'resolved';

/** The panel's filter outlives switching tabs, but is nobody else's business. */
const useMarkerView = create<{ status: StatusFilter; text: string; set(p: Partial<{ status: StatusFilter; text: string }>): void }>((set) => ({
  status: 'all',
  text: '',
  set: (p) => set(p),
}));

const statusOf = (m: Marker) => m.status ?? 'open';

/** Markers in time order that pass the status filter and contain `text` in name, note or author. */
export function filterMarkers(markers: readonly Marker[], status: StatusFilter, text: string): Marker[] {
  const q = text.trim().toLocaleLowerCase();
  return [...markers]
    .sort((a, b) => a.frame - b.frame)
    .filter((m) => (status === 'all' || statusOf(m) === status) && (!q || `${m.name}\n${m.note}\n${m.author ?? ''}`.toLocaleLowerCase().includes(q)));
}

/** The side panel's tabs: the inspector, and the markers with how many are open. */
export function SideTabs() {
  const tab = useUi((s) => s.sideTab);
  const markers = useProject().timeline.markers;
  const open = markers.filter((m) => statusOf(m) === 'open').length;
  const shots = useProject().previz;
  const tabButton = (id: UiState['sideTab'], label: string, extra?: string) => (
    <button className={`tab${tab === id ? ' active' : ''}`} role="tab" aria-selected={tab === id} data-testid={`side-tab-${id}`} onClick={() => ui().set({ sideTab: id })}>
      {label}
      {extra !== undefined && <span className="tab-badge">{extra}</span>}
    </button>
  );
  return (
    <div className="panel-head" role="tablist">
      <div className="tabs">
        {tabButton('inspector', 'Inspector')}
        {tabButton('markers', 'Markers', markers.length ? String(open) : undefined)}
        {tabButton('shots', 'Shots', shots?.shots.length ? String(shots.shots.length) : undefined)}
        {tabButton('references', 'Refs', shots?.references.length ? String(shots.references.length) : undefined)}
      </div>
    </div>
  );
}

function MarkerRow({ m, rate, selected }: { m: Marker; rate: Parameters<typeof formatTimecode>[1]; selected: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const resolved = statusOf(m) === 'resolved';
  const note = m.note.replace(/\s+/g, ' ').trim();
  return (
    <div
      ref={ref}
      className={`mk-row${selected ? ' selected' : ''}${resolved ? ' resolved' : ''}`}
      role="option"
      aria-selected={selected}
      data-testid="marker-row"
      data-id={m.id}
      data-frame={m.frame}
      data-status={statusOf(m)}
      title={m.note || undefined}
      onClick={() => jumpToMarker(m, getTimelineWidth())}
      onDoubleClick={() => ui().set({ editingMarker: m.id, selectedMarker: m.id, overlay: 'marker' })}
    >
      {/* A button, not an <input>: the editor's shortcuts (Space, Ctrl+Z…) keep working after a click. */}
      <button
        className={`mk-check${resolved ? ' on' : ''}`}
        role="checkbox"
        aria-checked={resolved}
        data-testid="marker-resolve"
        title={resolved ? 'Resolved: click to reopen' : 'Open: click to resolve'}
        aria-label={resolved ? 'Reopen' : 'Resolve'}
        onMouseDown={(e) => e.preventDefault()}
        onClick={(e) => {
          e.stopPropagation();
          setStatus([m.id], resolved ? 'open' : 'resolved');
        }}
        onDoubleClick={(e) => e.stopPropagation()}
      />
      <span className="mk-chip" style={{ background: MARKER_COLORS[m.color] }} title={m.color} />
      <span className="mk-tc">{formatTimecode(m.frame, rate)}</span>
      <span className="mk-dur" title="Duration">{m.duration > 0 ? formatTimecode(m.duration, rate) : ''}</span>
      <span className="mk-name">{m.name || <i>Untitled</i>}</span>
      <span className={`mk-status ${statusOf(m)}`}>{statusOf(m)}</span>
      <span className="mk-sub">
        <span className="mk-note" data-testid="marker-row-note">{note}</span>
        <span className="mk-author" data-testid="marker-row-author" title={m.author}>
          {m.author ?? ''}
        </span>
      </span>
    </div>
  );
}

export function MarkersPanel() {
  const project = useProject();
  const selected = useUi((s) => s.selectedMarker);
  const { status, text, set } = useMarkerView();
  const markers = project.timeline.markers;
  const shown = useMemo(() => filterMarkers(markers, status, text), [markers, status, text]);
  const rate = project.timeline.rate;
  const open = markers.filter((m) => statusOf(m) === 'open').length;
  const seg = (id: StatusFilter, label: string) => (
    <button className={`mk-seg${status === id ? ' on' : ''}`} data-testid={`markers-filter-${id}`} aria-pressed={status === id} onMouseDown={(e) => e.preventDefault()} onClick={() => set({ status: id })}>
      {label}
    </button>
  );
  return (
    <div data-testid="markers-panel" className="mk-panel">
      <SideTabs />
      <div className="mk-tools">
        <div className="mk-segs" role="group" aria-label="Show">
          {seg('all', 'All')}
          {seg('open', 'Open')}
          {seg('resolved', 'Resolved')}
        </div>
        <input className="mk-search" data-testid="markers-search" type="search" placeholder="Filter" value={text} spellCheck={false} onChange={(e) => set({ text: e.target.value })} onKeyDown={(e) => e.key === 'Escape' && set({ text: '' })} />
        <span className="mk-count" data-testid="markers-count">
          {shown.length === markers.length ? `${markers.length} marker${markers.length === 1 ? '' : 's'}` : `${shown.length} of ${markers.length}`}
        </span>
      </div>
      <div className="panel-body mk-list" role="listbox" aria-label="Markers">
        {markers.length === 0 ? (
          <div className="empty">
            No markers yet.
            <br />
            Press <kbd className="kbd">M</kbd> to add one at the playhead.
          </div>
        ) : shown.length === 0 ? (
          <div className="empty">No markers match.</div>
        ) : (
          shown.map((m) => <MarkerRow key={m.id} m={m} rate={rate} selected={m.id === selected} />)
        )}
      </div>
      <div className="mk-foot">
        <span className="mk-hint" title="Shift+M: next marker · Ctrl+Shift+M: previous marker · M: add one at the playhead">
          {open} open · {markers.length - open} resolved
        </span>
        <button className="tbtn" data-testid="markers-import" onClick={() => ui().set({ overlay: 'importNotes' })}>
          Import…
        </button>
        <button className="tbtn" data-testid="markers-export" disabled={markers.length === 0} onClick={() => ui().set({ overlay: 'exportNotes' })}>
          Export…
        </button>
      </div>
    </div>
  );
}
