import type { ReactNode } from 'react';
import type { Clip, Media, Project } from '../../../shared/timeline/model';
import { layoutTrack } from '../../../shared/timeline/layout';
import { formatTimecode, rescale, toSeconds } from '../../../shared/timeline/time';
import { getApi } from '../api';
import { useProject } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { formatBytes, formatLine, mediaDuration } from '../format';
import { clearFinishedJobs } from '../state/jobs';

const Row = ({ k, v }: { k: string; v: ReactNode }) => (
  <>
    <dt>{k}</dt>
    <dd title={typeof v === 'string' ? v : undefined}>{v}</dd>
  </>
);

function MediaRows({ m }: { m: Media }) {
  return (
    <>
      <Row k="File" v={m.path} />
      <Row k="Duration" v={mediaDuration(m)} />
      <Row k="Format" v={formatLine(m)} />
      <Row k="Container" v={m.probe.formatName} />
      <Row k="Size" v={formatBytes(m.probe.sizeBytes)} />
      {m.provenance && (
        <>
          <div className="section">Provenance</div>
          <Row k="Provider" v={m.provenance.provider} />
          <Row k="Model" v={m.provenance.model} />
          <Row k="Prompt" v={m.provenance.prompt} />
          <Row k="Cost" v={`$${m.provenance.costUsd.toFixed(2)}`} />
        </>
      )}
    </>
  );
}

function clipInfo(project: Project, clipId: string): { clip: Clip; start: number; end: number; track: string } | null {
  for (const t of project.timeline.tracks) {
    for (const p of layoutTrack(t, project.timeline.rate)) {
      if (p.item.kind === 'clip' && p.item.id === clipId) return { clip: p.item, start: p.start, end: p.end, track: t.name };
    }
  }
  return null;
}

function Inspector() {
  const project = useProject();
  const clips = useUi((s) => s.selectedClips);
  const media = useUi((s) => s.selectedMedia);
  const focus = useUi((s) => s.focus);
  const rate = project.timeline.rate;
  let body: ReactNode = <div className="empty">Nothing selected</div>;
  // A linked picture/sound pair is one shot: show the clip that was clicked (listed first).
  const first = clips[0] ? clipInfo(project, clips[0]) : null;
  const onePair = first?.clip.linkId !== undefined && clips.every((id) => clipInfo(project, id)?.clip.linkId === first?.clip.linkId);
  const info = clips.length === 1 || onePair ? first : null;
  if (info) {
    const m = project.media.find((x) => x.id === info.clip.mediaId);
    const src = info.clip.sourceRange;
    const inF = rescale(src.start, rate);
    body = (
      <dl className="kv">
        <Row k="Clip" v={info.clip.name} />
        <Row k="Track" v={info.track} />
        <Row k="Start" v={formatTimecode(info.start, rate)} />
        <Row k="End" v={formatTimecode(info.end, rate)} />
        <Row k="Duration" v={`${formatTimecode(info.end - info.start, rate)} (${(toSeconds(src.duration)).toFixed(2)} s)`} />
        <Row k="Source in" v={formatTimecode(inF, rate)} />
        <Row k="Source out" v={formatTimecode(inF + rescale(src.duration, rate), rate)} />
        <Row k="Speed" v="100%" />
        <Row k="Gain" v={`${(info.clip.gainDb ?? 0).toFixed(1)} dB`} />
        <Row k="Linked" v={info.clip.linkId ? 'picture + sound' : 'no'} />
        <Row k="Status" v={info.clip.mediaId ? (info.clip.enabled ? 'online' : 'disabled') : 'offline — media missing'} />
        {m && (
          <>
            <div className="section">Source media</div>
            <MediaRows m={m} />
          </>
        )}
      </dl>
    );
  } else if (clips.length > 1) body = <div className="empty">{clips.length} clips selected</div>;
  else if (focus === 'bin' && media.length === 1) {
    const m = project.media.find((x) => x.id === media[0]);
    if (m)
      body = (
        <dl className="kv">
          <Row k="Name" v={m.name} />
          <Row k="Kind" v={m.kind} />
          <MediaRows m={m} />
        </dl>
      );
  } else if (focus === 'bin' && media.length > 1) body = <div className="empty">{media.length} items selected</div>;
  return (
    <div data-testid="inspector" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <div className="panel-head">Inspector</div>
      <div className="panel-body">{body}</div>
    </div>
  );
}

const eta = (s: number | null) => (s === null ? '' : s < 60 ? `${Math.ceil(s)} s left` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`);

function JobsPanel() {
  const jobs = Object.values(useUi((s) => s.jobs)).reverse();
  return (
    // Compact while idle so the inspector keeps the room; a fixed strip once work runs.
    <div data-testid="jobs-panel" style={{ height: jobs.length ? 150 : 'auto', flex: 'none', display: 'flex', flexDirection: 'column', borderTop: '1px solid var(--line)' }}>
      <div className="panel-head">
        Jobs
        {jobs.length > 0 && (
          <button className="tbtn" style={{ marginLeft: 'auto', height: 18 }} onClick={clearFinishedJobs}>
            Clear finished
          </button>
        )}
      </div>
      <div className="panel-body">
        {jobs.length === 0 ? (
          <div className="empty compact">No jobs</div>
        ) : (
          jobs.map((j) => (
            <div key={j.jobId} className={`job ${j.state}`} data-testid="job" data-state={j.state}>
              <div className="job-row">
                <span>{j.label}</span>
                {j.state === 'running' ? (
                  <button className="tbtn" style={{ height: 18 }} onClick={() => void getApi().invoke('job:cancel', { jobId: j.jobId })}>
                    Cancel
                  </button>
                ) : (
                  <span className="eta">{j.state}</span>
                )}
              </div>
              <div className="bar">
                <i style={{ width: `${Math.round((j.progress ?? (j.state === 'done' ? 1 : 0)) * 100)}%` }} />
              </div>
              <div className="job-row eta">
                <span>{j.progress !== null ? `${Math.round(j.progress * 100)}%` : ''}</span>
                <span>{j.state === 'running' ? eta(j.etaSeconds) : (j.message ?? '')}</span>
              </div>
            </div>
          ))
        )}
      </div>
    </div>
  );
}

export function SidePanel() {
  return (
    <section className="panel">
      <Inspector />
      <JobsPanel />
    </section>
  );
}
