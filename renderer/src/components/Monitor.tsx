// The viewer. Source view plays a bin clip; program view follows the playhead and shows
// the topmost enabled video clip under it (until the render engine's preview lands).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Project } from '../../../shared/timeline/model';
import { layoutTrack, timelineFrames } from '../../../shared/timeline/layout';
import { mediaRate } from '../../../shared/timeline/factory';
import { formatTimecode, fps as rateFps, toSeconds, type Rate } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { mediaAssets } from '../media/derived';
import { useProject } from '../state/documentStore';
import { ui, useUi } from '../state/uiStore';
import { previewMatches } from '../media/preview';
import { isReadable, useGenerations } from '../generation/store';
import { SHOT_KEY } from '../../../shared/previz/model';

export interface ProgramFrame {
  mediaId: string;
  seconds: number;
  clipId: string;
}

/** What program view shows at `frame`: the highest enabled video track's clip wins. */
export function programFrame(project: Project, frame: number): ProgramFrame | null {
  const rate = project.timeline.rate;
  const video = project.timeline.tracks.filter((t) => t.kind === 'video' && t.enabled);
  for (let i = video.length - 1; i >= 0; i--) {
    for (const p of layoutTrack(video[i]!, rate)) {
      if (p.item.kind !== 'clip' || frame < p.start || frame >= p.end) continue;
      const clip = p.item;
      if (!clip.enabled || !clip.mediaId) break;
      return { mediaId: clip.mediaId, clipId: clip.id, seconds: toSeconds(clip.sourceRange.start) + (frame - p.start) / rateFps(rate) };
    }
  }
  return null;
}

/** A previz placeholder under the playhead (the topmost picture there): the shot's slate. */
export function programSlate(project: Project, frame: number): { name: string; prompt: string; camera: string } | null {
  const rate = project.timeline.rate;
  const video = project.timeline.tracks.filter((t) => t.kind === 'video' && t.enabled);
  for (let i = video.length - 1; i >= 0; i--) {
    const p = layoutTrack(video[i]!, rate).find((x) => x.item.kind === 'clip' && x.item.enabled && frame >= x.start && frame < x.end);
    if (!p || p.item.kind !== 'clip') continue;
    if (p.item.mediaId) return null;
    const shotId = p.item.metadata?.[SHOT_KEY];
    const shot = project.previz?.shots.find((s) => s.id === shotId);
    if (shot) return { name: shot.name, prompt: shot.prompt, camera: shot.camera };
  }
  return null;
}

function useAssetUrl(mediaId: string | null, readable = true): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (!mediaId || !readable) setUrl(null);
    else void mediaAssets(mediaId).then((a) => live && setUrl(a ? getApi().assetUrl(a.sourceAssetId) : null));
    return () => {
      live = false;
    };
    // A generated take under the playhead is asked for again once it has landed.
  }, [mediaId, readable]);
  return url;
}

export function Monitor() {
  const project = useProject();
  const playhead = useUi((s) => s.playhead);
  const playing = useUi((s) => s.playing);
  const sourceId = useUi((s) => s.sourceMediaId);
  const video = useRef<HTMLVideoElement>(null);
  const rate: Rate = project.timeline.rate;
  const preview = useUi((s) => s.programPreview);
  // The rendered preview, while it is of this very timeline: the whole composite, with sound.
  const rendered = !sourceId && previewMatches(preview, project.timeline) ? preview : null;
  const frame = useMemo(
    () => (sourceId ? null : rendered ? (playhead < rendered.frames ? { mediaId: '', clipId: '', seconds: playhead / rateFps(rate) } : null) : programFrame(project, playhead)),
    [project, playhead, sourceId, rendered, rate],
  );
  const slate = useMemo(() => (sourceId || rendered || frame ? null : programSlate(project, Math.floor(playhead))), [project, playhead, sourceId, rendered, frame]);
  const sourceMedia = sourceId ? project.media.find((m) => m.id === sourceId) : undefined;
  const shownId = rendered ? null : (sourceId ?? frame?.mediaId ?? null);
  const readable = useGenerations((s) => isReadable(s.byId, shownId ? project.media.find((m) => m.id === shownId) : undefined));
  const clipUrl = useAssetUrl(shownId, readable);
  const url = rendered ? rendered.url : clipUrl;
  const [sourceTime, setSourceTime] = useState(0);
  const sourceRate = sourceMedia ? mediaRate(sourceMedia, rate) : rate;

  // Program playback: a clock drives the playhead; the <video> follows it.
  useEffect(() => {
    if (!playing || sourceId) {
      if (ui().loopSeam !== null) ui().set({ loopSeam: null });
      return;
    }
    let raf = 0;
    let last = performance.now();
    const end = timelineFrames(project.timeline);
    const tick = (now: number) => {
      const { playhead: ph, playRate } = ui();
      // The first frame's timestamp can be a little before the effect ran: never step back
      // (at frame 0 that read as "reached the start" and stopped playback at once).
      let next = ph + (Math.max(0, now - last) / 1000) * rateFps(rate) * playRate;
      last = Math.max(last, now);
      // "Loop the seam": 2 s around a generated clip's seam, over and over.
      const loop = ui().loopSeam;
      if (loop !== null && next >= loop + rateFps(rate)) next = Math.max(0, loop - rateFps(rate));
      if (next >= end) return ui().set({ playhead: end, playing: false, playRate: 1 });
      if (next <= 0 && playRate < 0) return ui().set({ playhead: 0, playing: false, playRate: 1 });
      ui().set({ playhead: next });
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, sourceId, project.timeline, rate]);

  useEffect(() => {
    const v = video.current;
    if (!v || sourceId || !frame) return;
    // Aim at the middle of the frame: a seek to its exact start can land on the frame
    // before after float rounding (the picture then lags the timecode by one).
    const target = frame.seconds + 0.5 / rateFps(rate);
    if (Math.abs(v.currentTime - target) > (playing ? 0.25 : 0.4 / rateFps(rate))) v.currentTime = target;
    if (playing && v.paused) void v.play().catch(() => undefined);
    if (!playing && !v.paused) v.pause();
  }, [frame, playing, sourceId, url, rate]);

  useEffect(() => {
    const v = video.current;
    if (!v || !sourceId) return;
    if (playing) void v.play().catch(() => undefined);
    else v.pause();
  }, [playing, sourceId, url]);

  // Source view steps the clip's own video; program view moves the playhead.
  const stepFrames = (delta: number) => {
    const v = video.current;
    if (sourceId) {
      if (!v) return;
      v.pause();
      ui().set({ playing: false });
      v.currentTime = Math.max(0, Math.min(v.duration || 0, v.currentTime + delta / rateFps(sourceRate)));
      setSourceTime(v.currentTime);
    } else ui().set({ playhead: Math.max(0, Math.min(timelineFrames(project.timeline), Math.floor(playhead) + delta)) });
  };
  const tcFrame = sourceId ? Math.round(sourceTime * rateFps(sourceRate)) : Math.floor(playhead);
  const total = sourceMedia ? Math.round(sourceMedia.probe.durationSeconds * rateFps(sourceRate)) : timelineFrames(project.timeline);
  return (
    <section className="panel monitor" data-testid="monitor" data-view={sourceId ? 'source' : 'program'}>
      <div className="panel-head">
        <div className="tabs">
          <button className={`tab${sourceId ? ' active' : ''}`} disabled={!sourceId}>
            Source{sourceMedia ? `: ${sourceMedia.name}` : ''}
          </button>
          <button className={`tab${sourceId ? '' : ' active'}`} onClick={() => ui().set({ sourceMediaId: null, playing: false })}>
            Program
          </button>
        </div>
      </div>
      <div className="monitor-view">
        {url && (sourceId || frame) ? (
          <video
            ref={video}
            src={url}
            preload="auto"
            muted={!playing}
            onTimeUpdate={(e) => sourceId && setSourceTime(e.currentTarget.currentTime)}
            onEnded={() => sourceId && ui().set({ playing: false })}
          />
        ) : (
          (slate && (
            <div className="monitor-slate" data-testid="monitor-slate">
              <b>{slate.name}</b>
              <span>{slate.prompt}</span>
              {slate.camera && <i>{slate.camera}</i>}
              <small>PLACEHOLDER · not generated yet</small>
            </div>
          )) || <div className="none">{project.timeline.tracks.some((t) => t.items.length) ? 'No clip at playhead' : 'Empty timeline'}</div>
        )}
        <span className="badge">{sourceId ? 'Source' : 'Program'}</span>
      </div>
      <div className="transport">
        <span className="tc" data-testid="monitor-timecode">{formatTimecode(tcFrame, sourceId ? sourceRate : rate)}</span>
        <button className="tbtn" title="Go to start (Home)" onClick={() => (sourceId ? video.current && (video.current.currentTime = 0) : ui().set({ playhead: 0 }))}>
          ⇤
        </button>
        <button className="tbtn" title="Previous frame (←)" onClick={() => stepFrames(-1)}>
          ◀︎|
        </button>
        <button className="tbtn" data-testid="play" title="Play / Pause (Space)" onClick={() => ui().set({ playing: !playing })}>
          {playing ? '❚❚' : '▶'}
        </button>
        <button className="tbtn" title="Next frame (→)" onClick={() => stepFrames(1)}>
          |▶︎
        </button>
        <span className="tc tc-right">{formatTimecode(total, sourceId ? sourceRate : rate)}</span>
      </div>
    </section>
  );
}
