// The time ruler: ticks with timecode labels, markers, the playhead head; click or drag to scrub.
import type { Rate } from '../../../shared/timeline/time';
import { formatTimecode, fps as rateFps } from '../../../shared/timeline/time';
import { useMemo } from 'react';
import { useProject } from '../state/documentStore';
import { renderState } from '../media/preview';
import { ui, useUi } from '../state/uiStore';

export const MARKER_COLORS: Record<string, string> = { red: '#e5534b', orange: '#f08c38', yellow: '#e8c547', green: '#4fbf6f', cyan: '#3cc4d0', blue: '#4c8dff', purple: '#a070e8', pink: '#e86fb4', white: '#dddddd' };

/** Major tick spacing (frames) so labels are at least ~90 px apart. */
export function tickStep(zoom: number, rate: Rate): { major: number; minor: number } {
  const f = rateFps(rate);
  const candidates = [1, 2, 5, 10, f / 2, f, 2 * f, 5 * f, 10 * f, 15 * f, 30 * f, 60 * f, 120 * f, 300 * f, 600 * f, 1800 * f, 3600 * f].map(Math.round).filter((c, i, a) => c > 0 && a.indexOf(c) === i);
  const major = candidates.find((c) => c * zoom >= 90) ?? candidates.at(-1)!;
  const minor = candidates.filter((c) => c < major && major % c === 0 && c * zoom >= 8).at(-1) ?? major;
  return { major, minor };
}

export function Ruler({ width, frames }: { width: number; frames: number }) {
  const project = useProject();
  const zoom = useUi((s) => s.zoom);
  const scrollX = useUi((s) => s.scrollX);
  const playhead = useUi((s) => s.playhead);
  const markIn = useUi((s) => s.markIn);
  const markOut = useUi((s) => s.markOut);
  const selectedMarker = useUi((s) => s.selectedMarker);
  const preview = useUi((s) => s.programPreview);
  const pieces = useMemo(() => (preview ? renderState(project) : null), [project, preview]);
  const previewing = useUi((s) => Object.values(s.jobs).some((j) => j.state === 'running' && j.label === 'Rendering preview'));
  const rate = project.timeline.rate;
  const { major, minor } = tickStep(zoom, rate);
  const from = Math.floor(scrollX / zoom / minor) * minor;
  const to = (scrollX + width) / zoom;
  const ticks = [];
  for (let f = from; f <= to; f += minor) {
    const x = f * zoom - scrollX;
    const isMajor = f % major === 0;
    ticks.push(<div key={f} className={`tick ${isMajor ? 'major' : 'minor'}`} style={{ left: x }} />);
    if (isMajor) ticks.push(<span key={`l${f}`} className="label" style={{ left: x }}>{formatTimecode(f, rate)}</span>);
  }
  const scrub = (clientX: number, el: HTMLElement) => {
    const x = clientX - el.getBoundingClientRect().left;
    ui().set({ playhead: Math.max(0, Math.round((x + ui().scrollX) / ui().zoom)), sourceMediaId: null });
  };
  return (
    <div
      className="ruler"
      data-testid="ruler"
      onMouseDown={(e) => {
        const el = e.currentTarget;
        scrub(e.clientX, el);
        const move = (m: MouseEvent) => scrub(m.clientX, el);
        const up = () => {
          window.removeEventListener('mousemove', move);
          window.removeEventListener('mouseup', up);
        };
        window.addEventListener('mousemove', move);
        window.addEventListener('mouseup', up);
      }}
    >
      {ticks}
      {(preview || previewing) &&
        (pieces ? (
          pieces.map((p) => (
            <div
              key={p.start}
              className={`render-bar ${p.rendered ? 'rendered' : 'stale'}`}
              data-testid="render-range"
              data-state={p.rendered ? 'rendered' : 'stale'}
              title={p.rendered ? 'Rendered' : 'Not rendered yet (renders after edits; Enter renders now)'}
              style={{ left: p.start * zoom - scrollX, width: p.frames * zoom }}
            />
          ))
        ) : null)}
      {(preview || previewing) && (
        <div
          className="render-bar-state"
          data-testid="render-bar"
          data-state={preview && preview.timeline === project.timeline ? 'rendered' : 'stale'}
          style={{ display: pieces ? 'none' : undefined, left: -scrollX, width: frames * zoom }}
        />
      )}

      {(markIn !== null || markOut !== null) && (
        <div className="io" data-testid="io-range" style={{ left: (markIn ?? 0) * zoom - scrollX, width: Math.max(2, ((markOut ?? frames) - (markIn ?? 0)) * zoom) }} />
      )}
      {project.timeline.markers.map((m) => (
        <div
          key={m.id}
          className={`marker${m.id === selectedMarker ? ' selected' : ''}${m.status === 'resolved' ? ' resolved' : ''}`}
          data-testid="marker"
          data-frame={m.frame}
          data-status={m.status ?? 'open'}
          onMouseDown={(e) => {
            e.stopPropagation();
            ui().set({ playhead: m.frame, selectedMarker: m.id, sourceMediaId: null });
          }}
          onDoubleClick={() => ui().set({ editingMarker: m.id, overlay: 'marker' })} title={`${m.name}${m.note ? ` — ${m.note}` : ''} (${formatTimecode(m.frame, rate)})`} style={{ left: m.frame * zoom - scrollX, background: MARKER_COLORS[m.color] }} />
      ))}
      <div className="playhead" style={{ left: playhead * zoom - scrollX }} />
    </div>
  );
}

