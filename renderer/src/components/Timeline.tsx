// The multi-track timeline: ruler, track headers, lanes with clips. Only clips that
// intersect the visible range are rendered, so long timelines stay smooth.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Clip, Media, Timeline as TimelineModel, Track } from '../../../shared/timeline/model';
import { layoutTrack, timelineFrames } from '../../../shared/timeline/layout';
import { formatTimecode, fps as rateFps, rescale, toSeconds, type Rate } from '../../../shared/timeline/time';
import { actionById, isEnabled, runAction, setTimelineWidth, zoomBy } from '../actions';
import { MenuItem, MenuSeparator, PopupMenu } from './PopupMenu';
import { dropFrame, dropMedia, startMarquee, startMove, startTrim, type Geometry } from '../timeline/gestures';
import { useDocument, useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { BIN_DRAG_TYPE } from './MediaBin';
import { Filmstrip } from './Filmstrip';
import { Waveform } from './Waveform';
import { Ruler } from './Ruler';
import { HScroll } from './HScroll';
import { TrackHeader } from './TrackHeader';
import { levelFor } from '../media/derived';
import { GenerationBadge } from './GenerationBadge';
import { isReadable, useGenerations } from '../generation/store';
import { isStale, SHOT_KEY, type Shot } from '../../../shared/previz/model';

/** Screen geometry of the mounted timeline (one per window), for the gestures. */
const geometry: Geometry & { rows(): Array<{ id: string; top: number; bottom: number }>; openMenu(x: number, y: number, what: 'clip' | 'gap'): void } = {
  frameAt: () => 0,
  trackAt: () => null,
  rows: () => [],
  openMenu: () => undefined,
};

const CLIP_MENU = ['generate.extend', 'generate.extendBefore', 'generate.newTake', null, 'timeline.split', null, 'edit.cut', 'edit.copy', 'edit.paste', null, 'edit.delete', 'edit.rippleDelete', null, 'timeline.link', 'timeline.unlink', 'timeline.toggleEnabled'];

/** Right-click on a clip (its actions) or on empty track space (close the gap, paste). */
function TimelineMenu({ x, y, what, onClose }: { x: number; y: number; what: 'clip' | 'gap'; onClose: () => void }) {
  const ids = what === 'clip' ? CLIP_MENU : ['generate.fillGap', null, 'edit.rippleDelete', 'edit.paste'];
  return (
    <PopupMenu x={x} y={y} testid="clip-menu" onClose={onClose}>
      {ids.map((id, i) => {
        if (id === null) return <MenuSeparator key={i} />;
        const a = actionById(id)!;
        const label = what === 'gap' && id === 'edit.rippleDelete' ? 'Close Gap' : a.label;
        return <MenuItem key={id} testid={`clip-menu-${id}`} label={label} shortcut={a.shortcut} disabled={!isEnabled(a)} onRun={() => runAction(id)} onClose={onClose} />;
      })}
    </PopupMenu>
  );
}

/** The timeline being shown: a drag's preview, else the document's. */
const useShownTimeline = (): TimelineModel => {
  const project = useProject();
  const preview = useUi((s) => s.preview);
  return preview ?? project.timeline;
};

interface ClipViewProps {
  clip: Clip;
  start: number;
  end: number;
  kind: Track['kind'];
  height: number;
  locked: boolean;
  media: Media | undefined;
  /** the zoom clips are laid out at (see layoutZoom) */
  zoom: number;
  /** px window (lane coordinates) in which thumbnails are drawn; changes by whole screens */
  windowFrom: number;
  windowTo: number;
  selected: boolean;
  rate: Rate;
  /** a previz placeholder (no media, a shot's clip): drawn as a slate with this prompt */
  slate?: string;
  /** the shot's prompt, length or references changed since this picture was made */
  stale?: boolean;
}

/** The clip and whatever is linked to it (picture and sound of one shot). */
function linkedTo(clip: Clip): string[] {
  if (!clip.linkId) return [clip.id];
  const project = useDocument.getState().history.present;
  return project.timeline.tracks.flatMap((t) => t.items.filter((i) => i.kind === 'clip' && i.linkId === clip.linkId).map((i) => i.id));
}

function clipMouseDown(e: React.MouseEvent<HTMLElement>, clip: Clip, locked: boolean): void {
  if (e.button !== 0) return;
  e.stopPropagation();
  const linked = linkedTo(clip);
  const current = ui().selectedClips;
  const toggle = () => {
    const sel = ui().selectedClips;
    const on = sel.includes(clip.id);
    ui().set({ selectedClips: on ? sel.filter((id) => !linked.includes(id)) : [...sel, ...linked.filter((id) => !sel.includes(id))], focus: 'timeline', gapTarget: null });
  };
  if (e.shiftKey) return toggle();
  const edge = (e.target as HTMLElement).dataset.edge as 'in' | 'out' | undefined;
  const additive = e.ctrlKey || e.metaKey;
  if (!current.includes(clip.id) && !additive) ui().set({ selectedClips: [clip.id, ...linked.filter((id) => id !== clip.id)], selectedMedia: [] });
  ui().set({ focus: 'timeline', gapTarget: null });
  if (locked) return additive ? toggle() : undefined;
  // Ctrl on a clip body: a click toggles it in the selection, a drag is an insert move.
  if (edge) startTrim(e, clip.id, edge, geometry);
  else startMove(e, clip.id, geometry, additive ? toggle : undefined);
}

function clipContextMenu(e: React.MouseEvent<HTMLElement>, clip: Clip): void {
  e.preventDefault();
  e.stopPropagation();
  if (!ui().selectedClips.includes(clip.id)) {
    const linked = linkedTo(clip);
    ui().set({ selectedClips: [clip.id, ...linked.filter((id) => id !== clip.id)], gapTarget: null, focus: 'timeline' });
  }
  geometry.openMenu(e.clientX, e.clientY, 'clip');
}

/** A previz shot's clip: a slate while it has no picture, STALE when the shot changed since. */
function shotLook(clip: Clip, shots: ReadonlyMap<string, Shot>): { slate?: string; stale?: boolean } {
  const id = clip.metadata?.[SHOT_KEY];
  const shot = typeof id === 'string' ? shots.get(id) : undefined;
  if (!shot && typeof id !== 'string') return {};
  return { ...(clip.mediaId === null ? { slate: shot?.prompt ?? '' } : {}), ...(shot && shot.clipId === clip.id && isStale(shot) ? { stale: true } : {}) };
}

/** Below this width a clip is a plain box: no name, handles, thumbnails or waveform. */
const DETAIL_PX = 14;

const ClipView = memo(function ClipView({ clip, start, end, kind, height, locked, media, zoom, windowFrom, windowTo, selected, rate, slate, stale }: ClipViewProps) {
  // Lane coordinates: the lane's clip layer is translated by -scrollX, so scrolling
  // re-renders no clip.
  const left = start * zoom;
  const width = Math.max(1, (end - start) * zoom);
  // A generated take that has not landed yet has nothing to draw.
  const readable = useGenerations((s) => isReadable(s.byId, media));
  const missing = useUi((s) => clip.mediaId !== null && s.missingMedia.includes(clip.mediaId));
  const offline = (!clip.mediaId && slate === undefined) || missing;
  const cls = `clip ${kind}${offline ? ' offline' : ''}${slate !== undefined ? ' slate' : ''}${stale ? ' stale' : ''}${media?.origin === 'generated' ? ' generated' : ''}${media && !readable ? ' pending' : ''}${clip.enabled ? '' : ' disabled'}${selected ? ' selected' : ''}${width < DETAIL_PX ? ' thin' : ''}`;
  const common = {
    className: cls,
    'data-testid': 'timeline-clip',
    'data-clip-id': clip.id,
    'data-name': clip.name,
    'data-start': start,
    'data-end': end,
    ...(slate !== undefined ? { 'data-slate': 'true' } : {}),
    ...(stale ? { 'data-stale': 'true' } : {}),
    style: { left, width },
    onMouseDown: (e: React.MouseEvent<HTMLElement>) => clipMouseDown(e, clip, locked),
    onContextMenu: (e: React.MouseEvent<HTMLElement>) => clipContextMenu(e, clip),
    // The tooltip is written when the pointer arrives, not on every render.
    onMouseEnter: (e: React.MouseEvent<HTMLElement>) => {
      e.currentTarget.title = `${clip.name}\n${formatTimecode(start, rate)} – ${formatTimecode(end, rate)}${slate !== undefined ? `\nPlaceholder: ${slate || 'no prompt yet'}` : clip.mediaId ? '' : '\nOffline: media missing'}${stale ? '\nSTALE: the shot changed since this picture was made' : ''}`;
    },
  };
  if (width < DETAIL_PX) return <div {...common}>{stale && <i className="stale-tick" data-testid="stale-badge" />}</div>;
  const pps = zoom * rateFps(rate);
  const inSeconds = toSeconds(clip.sourceRange.start);
  const durationSeconds = (end - start) / rateFps(rate);
  const bodyHeight = height - 4 - 2 - 15;
  const audio = media?.probe.streams.find((s) => s.type === 'audio');
  return (
    <div {...common}>
      <span className="clip-name">{clip.name}</span>
      {!locked && <i className="trim in" data-edge="in" data-testid="clip-trim-in" title="Trim (Ctrl: ripple, Shift: roll)" />}
      {!locked && <i className="trim out" data-edge="out" data-testid="clip-trim-out" title="Trim (Ctrl: ripple, Shift: roll)" />}
      {clip.linkId && <span className="link" title="Linked picture and sound">∞</span>}
      {offline && width > 90 && <span className="offline-label">Media offline</span>}
      {slate !== undefined && (
        <span className="slate-body" data-testid="clip-slate">
          <b>{clip.name}</b>
          <span>{slate}</span>
        </span>
      )}
      {stale && (
        <span className="stale-badge" data-testid="stale-badge" title="The shot’s prompt, length or references changed since this picture was made: regenerate it in the shot list (a new take)">
          STALE
        </span>
      )}
      {media?.origin === 'generated' && <GenerationBadge clip={clip} media={media} start={start} rate={rate} />}
      {media && readable && !missing && kind === 'video' && media.kind !== 'audio' && (
        <Filmstrip mediaId={media.id} inSeconds={inSeconds} width={width} pixelsPerSecond={pps} height={bodyHeight} visibleFrom={Math.max(0, windowFrom - left)} visibleTo={Math.min(width, windowTo - left)} />
      )}
      {media && readable && !missing && kind === 'audio' && audio && (
        <Waveform mediaId={media.id} inSeconds={inSeconds} durationSeconds={durationSeconds} level={levelFor(pps, audio.sampleRate ?? 48000)} height={bodyHeight} />
      )}
    </div>
  );
});

function Lane({ track, viewWidth }: { track: Track; viewWidth: number }) {
  const project = useProject();
  const gap = useUi((s) => (s.gapTarget?.trackId === track.id ? s.gapTarget.frame : null));
  const zoom = useUi((s) => s.zoom);
  const layoutZoom = useUi((s) => s.layoutZoom) ?? zoom;
  const scrollX = useUi((s) => s.scrollX);
  const selectedList = useUi((s) => s.selectedClips);
  const selected = useMemo(() => new Set(selectedList), [selectedList]);
  const rate = project.timeline.rate;
  const placed = useMemo(() => layoutTrack(track, rate), [track, rate]);
  const mediaById = useMemo(() => new Map(project.media.map((m) => [m.id, m])), [project.media]);
  const shotById = useMemo(() => new Map((project.previz?.shots ?? []).map((s) => [s.id, s])), [project.previz]);
  // During a zoom gesture the layer is stretched from layoutZoom to zoom (see zoomBy).
  const stretch = zoom / layoutZoom;
  const layoutScroll = scrollX / stretch;
  // Virtualise by whole screens: render what intersects the screen before, the current
  // one and the one after. The set (and every clip's props) changes only when scrolling
  // crosses a screen boundary; in between only the layer's transform moves. During a zoom
  // gesture the window of the last settled view is kept (so no clip re-renders) and only
  // clips the stretched view newly reaches are added.
  const page = Math.max(1, viewWidth);
  const settled = useRef({ from: 0, to: 0 });
  if (stretch === 1) {
    const chunk = Math.floor(scrollX / page);
    settled.current = { from: (chunk - 1) * page, to: (chunk + 2) * page };
  }
  const { from: windowFrom, to: windowTo } = settled.current;
  const reachFrom = stretch === 1 ? windowFrom : Math.min(windowFrom, Math.floor(layoutScroll / page) * page);
  const reachTo = stretch === 1 ? windowTo : Math.max(windowTo, Math.ceil((layoutScroll + viewWidth / stretch) / page) * page);
  const visible = useMemo(() => {
    const from = reachFrom / layoutZoom;
    const to = reachTo / layoutZoom;
    return placed.filter((p) => p.end >= from && p.start <= to);
  }, [placed, reachFrom, reachTo, layoutZoom]);
  return (
    <div className={`lane ${track.kind}${track.muted ? ' muted' : ''}${track.locked ? ' locked' : ''}${track.enabled ? '' : ' off'}`} data-testid="track" data-kind={track.kind} data-track-id={track.id} data-name={track.name} style={{ height: track.height }}>
      <div className="lane-clips" style={{ transform: stretch === 1 ? `translateX(${-scrollX}px)` : `translateX(${-scrollX}px) scaleX(${stretch})` }}>
        {gap !== null &&
          (() => {
            const p = placed.find((x) => x.item.kind === 'gap' && x.start <= gap && gap < x.end);
            return p ? <div className="gap-target" data-testid="gap-target" style={{ left: p.start * layoutZoom, width: (p.end - p.start) * layoutZoom }} /> : null;
          })()}
        {visible.map((p) =>
          p.item.kind === 'clip' ? (
            <ClipView
              key={p.item.id}
              clip={p.item}
              start={p.start}
              end={p.end}
              kind={track.kind}
              height={track.height}
              locked={track.locked}
              media={p.item.mediaId ? mediaById.get(p.item.mediaId) : undefined}
              zoom={layoutZoom}
              windowFrom={windowFrom}
              windowTo={windowTo}
              selected={selected.has(p.item.id)}
              rate={rate}
              {...shotLook(p.item, shotById)}
            />
          ) : p.item.kind === 'transition' ? (
            <div
              key={p.item.id}
              className="transition-mark"
              data-testid="transition"
              title={`${p.item.name || p.item.transitionType}`}
              style={{ left: (p.start - rescale(p.item.inOffset, rate)) * layoutZoom, width: Math.max(4, (rescale(p.item.inOffset, rate) + rescale(p.item.outOffset, rate)) * layoutZoom) }}
            />
          ) : null,
        )}
      </div>
    </div>
  );
}

export function Timeline() {
  const project = useProject();
  const shown = useShownTimeline();
  const snapFrame = useUi((s) => s.snapFrame);
  const dropAt = useUi((s) => s.dropFrame);
  const zooming = useUi((s) => s.layoutZoom !== null);
  const markIn = useUi((s) => s.markIn);
  const markOut = useUi((s) => s.markOut);
  const [marquee, setMarquee] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; what: 'clip' | 'gap' } | null>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  geometry.openMenu = (x, y, what) => setMenu({ x, y, what });
  const zoom = useUi((s) => s.zoom);
  const scrollX = useUi((s) => s.scrollX);
  const playhead = useUi((s) => s.playhead);
  const lanesRef = useRef<HTMLDivElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const headersRef = useRef<HTMLDivElement>(null);
  // 0 until the ResizeObserver reports, so the first zoom-to-fit uses the real width.
  const [width, setWidth] = useState(0);
  const frames = timelineFrames(shown);
  const rate = project.timeline.rate;
  // Premiere's order: highest video track on top, then audio tracks downward.
  const ordered = useMemo(() => {
    const v = shown.tracks.filter((t) => t.kind === 'video').reverse();
    const a = shown.tracks.filter((t) => t.kind === 'audio');
    return { v, a };
  }, [shown.tracks]);
  geometry.frameAt = (clientX) => {
    const el = lanesRef.current;
    return el ? (clientX - el.getBoundingClientRect().left + ui().scrollX) / ui().zoom : 0;
  };
  geometry.rows = () =>
    [...(lanesRef.current?.querySelectorAll<HTMLElement>('.lane[data-track-id]') ?? [])].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.dataset.trackId!, top: r.top, bottom: r.bottom };
    });
  geometry.lanesX = () => {
    const r = lanesRef.current?.getBoundingClientRect();
    return r ? { left: r.left, right: r.right } : null;
  };
  geometry.trackAt = (clientY) => geometry.rows().find((r) => clientY >= r.top && clientY < r.bottom)?.id ?? null;

  useLayoutEffect(() => {
    const el = lanesRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      setWidth(el.clientWidth);
      setTimelineWidth(el.clientWidth);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A bin drag that ends anywhere (dropped elsewhere, Escape) leaves no drop line behind.
  useEffect(() => {
    const clear = () => ui().dropFrame !== null && ui().set({ dropFrame: null });
    window.addEventListener('dragend', clear);
    window.addEventListener('drop', clear);
    return () => {
      window.removeEventListener('dragend', clear);
      window.removeEventListener('drop', clear);
    };
  }, []);

  // A freshly loaded project opens zoomed to fit.
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    if (fitted.current === project.id || width < 100) return;
    fitted.current = project.id;
    if (frames > 0) ui().set({ zoom: Math.min(20, Math.max(0.02, (width - 40) / frames)), scrollX: 0 });
  }, [project.id, frames, width]);

  // Follow the playhead while playing.
  useEffect(() => {
    const x = playhead * zoom - scrollX;
    if (ui().playing && (x > width - 40 || x < 0)) ui().set({ scrollX: Math.max(0, playhead * zoom - 80) });
  }, [playhead, zoom, scrollX, width]);

  // On the whole panel (ruler and headers too), so Ctrl+wheel never zooms the page itself.
  useEffect(() => {
    const panel = sectionRef.current;
    const el = lanesRef.current;
    if (!panel || !el) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const x = Math.max(0, Math.min(el.clientWidth, e.clientX - el.getBoundingClientRect().left));
        zoomBy(e.deltaY < 0 ? 1.2 : 1 / 1.2, x);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        const d = e.shiftKey ? e.deltaY : e.deltaX;
        const max = Math.max(0, frames * ui().zoom - el.clientWidth / 2);
        ui().set({ scrollX: Math.min(max, Math.max(0, ui().scrollX + d)) });
      }
    };
    panel.addEventListener('wheel', onWheel, { passive: false });
    return () => panel.removeEventListener('wheel', onWheel);
  }, [frames]);

  const lanes = (tracks: Track[]) => tracks.map((t) => <Lane key={t.id} track={t} viewWidth={width} />);
  const headers = (tracks: Track[]) => tracks.map((t) => <TrackHeader key={t.id} track={t} />);
  return (
    <section className={`timeline${zooming ? ' zooming' : ''}`} data-testid="timeline" ref={sectionRef} onMouseDown={(e) => {
        ui().set({ focus: 'timeline' });
        // Leave a text field (a track name, the inspector) so the timeline's keys work; no
        // text selection or native drag may start here, or the gesture loses its mouse moves.
        const active = document.activeElement;
        if (active instanceof HTMLElement && /^(INPUT|TEXTAREA)$/.test(active.tagName) && !(e.target as HTMLElement).closest('input,textarea')) active.blur();
        if (!(e.target as HTMLElement).closest('input,textarea,button')) e.preventDefault();
      }}>
      <div className="tl-corner" data-testid="timecode">{formatTimecode(Math.floor(playhead), rate)}</div>
      <Ruler width={width} frames={frames} />
      <div className="headers" ref={headersRef}>
        {headers(ordered.v)}
        <div className="track-divider" />
        {headers(ordered.a)}
      </div>
      <div
        className="lanes"
        ref={lanesRef}
        onScroll={(e) => headersRef.current && (headersRef.current.scrollTop = e.currentTarget.scrollTop)}
        style={{ overflowY: 'auto' }}
        onMouseDown={(e) => {
          if (e.button !== 0) return;
          startMarquee(e, geometry, setMarquee, geometry.rows);
        }}
        onContextMenu={(e) => {
          e.preventDefault();
          const trackId = geometry.trackAt(e.clientY);
          ui().set({ selectedClips: [], gapTarget: trackId ? { trackId, frame: Math.floor(geometry.frameAt(e.clientX)) } : null, focus: 'timeline' });
          setMenu({ x: e.clientX, y: e.clientY, what: 'gap' });
        }}
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes(BIN_DRAG_TYPE)) {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            const at = dropFrame(geometry.frameAt(e.clientX));
            if (ui().dropFrame !== at) ui().set({ dropFrame: at });
          }
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) ui().set({ dropFrame: null });
        }}
        onDrop={(e) => {
          const data = e.dataTransfer.getData(BIN_DRAG_TYPE);
          if (!data) return;
          e.preventDefault();
          dropMedia(JSON.parse(data) as string[], geometry.frameAt(e.clientX), geometry.trackAt(e.clientY), e.ctrlKey || e.metaKey);
        }}
      >
        {lanes(ordered.v)}
        <div className="track-divider" />
        {lanes(ordered.a)}
        {markIn !== null && markOut !== null && <div className="io-range" style={{ left: markIn * zoom - scrollX, width: (markOut - markIn) * zoom }} />}
        <div className="playhead" data-testid="playhead" data-frame={Math.floor(playhead)} style={{ left: playhead * zoom - scrollX }} />
        {dropAt !== null && <div className="drop-line" data-testid="drop-indicator" data-frame={dropAt} style={{ left: dropAt * zoom - scrollX }} />}
        {snapFrame !== null && <div className="snap-line" data-testid="snap-indicator" data-frame={snapFrame} style={{ left: snapFrame * zoom - scrollX }} />}
      </div>
      {menu && <TimelineMenu {...menu} onClose={closeMenu} />}
      {marquee && (
        <div
          className="marquee"
          data-testid="marquee"
          style={{ left: Math.min(marquee.x0, marquee.x1), top: Math.min(marquee.y0, marquee.y1), width: Math.abs(marquee.x1 - marquee.x0), height: Math.abs(marquee.y1 - marquee.y0) }}
        />
      )}
      <div className="tl-foot" />
      <HScroll width={width} frames={frames} />
    </section>
  );
}
