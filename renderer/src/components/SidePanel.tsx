import { useMemo, type ReactNode } from 'react';
import type { Clip, Media, Project, Track } from '../../../shared/timeline/model';
import { layoutTrack } from '../../../shared/timeline/layout';
import { formatTimecode, rescale, toSeconds } from '../../../shared/timeline/time';
import { GAIN_MAX_DB, GAIN_MIN_DB, setClips } from '../../../shared/timeline/edit/clipProps';
import { getApi } from '../api';
import { useDocument, useProject } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { formatBytes, formatLine, mediaDuration } from '../format';
import { clearFinishedJobs } from '../state/jobs';
import { useGenerations } from '../generation/store';
import { retryGeneration } from '../generation/actions';
import { MarkersPanel, SideTabs } from './MarkersPanel';
import { SHOT_KEY } from '../../../shared/previz/model';
import { ShotListPanel } from './ShotListPanel';
import { ReferencesPanel } from './ReferencesPanel';

const Row = ({ k, v }: { k: string; v: ReactNode }) => (
  <>
    <dt>{k}</dt>
    <dd title={typeof v === 'string' ? v : undefined}>{v}</dd>
  </>
);

/** An ISO timestamp in the user's locale; anything unparsable as it was written. */
function formatCreated(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

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
          {m.provenance.seed !== undefined && <Row k="Seed" v={String(m.provenance.seed)} />}
          <Row k="Job" v={m.provenance.jobId} />
          <Row k="Cost" v={`$${m.provenance.costUsd.toFixed(2)}`} />
          <Row k="Created" v={formatCreated(m.provenance.createdAt)} />
        </>
      )}
    </>
  );
}

interface ClipInfo {
  clip: Clip;
  start: number;
  end: number;
  track: Track;
}

/** Where each of the clips is, laying out only the tracks that hold one of them. */
function clipInfos(project: Project, clipIds: readonly string[]): Map<string, ClipInfo> {
  const want = new Set(clipIds);
  const out = new Map<string, ClipInfo>();
  if (want.size === 0) return out;
  for (const t of project.timeline.tracks) {
    if (!t.items.some((i) => want.has(i.id))) continue;
    for (const p of layoutTrack(t, project.timeline.rate)) {
      if (p.item.kind === 'clip' && want.has(p.item.id)) out.set(p.item.id, { clip: p.item, start: p.start, end: p.end, track: t });
    }
  }
  return out;
}

const fmtGain = (db: number) => (db > 0 ? `+${db.toFixed(1)}` : db.toFixed(1));

/**
 * Clip gain in dB, committed on Enter or when the field loses focus as one undo step;
 * Escape restores the stored value. Keyed by the stored value, so an undo shows at once.
 */
function GainField({ ids, gainDb }: { ids: string[]; gainDb: number }) {
  const shown = gainDb.toFixed(1);
  return (
    <span className="insp-field">
      <input
        key={`${ids.join(',')}:${shown}`}
        className="insp-input"
        data-testid="inspector-gain"
        type="number"
        step={0.5}
        min={GAIN_MIN_DB}
        max={GAIN_MAX_DB}
        defaultValue={shown}
        aria-label="Clip gain in decibels"
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          else if (e.key === 'Escape') {
            e.currentTarget.value = shown;
            e.currentTarget.blur();
          }
        }}
        onBlur={(e) => {
          const input = e.currentTarget;
          const db = input.value.trim() === '' ? Number.NaN : Number(input.value);
          if (Number.isFinite(db)) useDocument.getState().edit(`Gain ${fmtGain(Math.min(GAIN_MAX_DB, Math.max(GAIN_MIN_DB, db)))} dB`, (tl) => setClips(tl, ids, { gainDb: db }));
          // Refused, clamped or unchanged: show what is stored (a change remounts the field).
          input.value = shown;
        }}
      />
      <span className="insp-unit">dB</span>
    </span>
  );
}

function Inspector() {
  const project = useProject();
  const clips = useUi((s) => s.selectedClips);
  const media = useUi((s) => s.selectedMedia);
  const focus = useUi((s) => s.focus);
  const rate = project.timeline.rate;
  let body: ReactNode = <div className="empty">Nothing selected</div>;
  // A linked picture/sound pair is one shot: show the clip that was clicked (listed first).
  const infos = useMemo(() => clipInfos(project, clips), [project, clips]);
  const clipInfo = (_p: Project, id: string) => infos.get(id) ?? null;
  const first = clips[0] ? clipInfo(project, clips[0]) : null;
  const onePair = first?.clip.linkId !== undefined && clips.every((id) => clipInfo(project, id)?.clip.linkId === first?.clip.linkId);
  const info = clips.length === 1 || onePair ? first : null;
  if (info) {
    const m = project.media.find((x) => x.id === info.clip.mediaId);
    const placeholder = !info.clip.mediaId && typeof info.clip.metadata?.[SHOT_KEY] === 'string';
    const src = info.clip.sourceRange;
    const inF = rescale(src.start, rate);
    // Gain and enabled apply to the whole shot shown: the clicked clip and, while linked,
    // its partner. The sound's gain is the one shown when there is one.
    const shot = clips.map((id) => clipInfo(project, id)).filter((x) => x !== null);
    const ids = shot.map((x) => x.clip.id);
    const gainDb = (shot.find((x) => x.track.kind === 'audio') ?? info).clip.gainDb ?? 0;
    const enabled = info.clip.enabled;
    const tracks = [...new Set(shot.map((x) => x.track.name))].join(' + ');
    body = (
      <dl className="kv">
        <Row k="Clip" v={info.clip.name} />
        <Row k="Track" v={`${tracks}${shot.some((x) => x.track.locked) ? ' (locked)' : ''}`} />
        <Row k="Source" v={m ? m.name : placeholder ? 'placeholder (a previz shot)' : 'offline — media missing'} />
        <Row k="Source in" v={formatTimecode(inF, rate)} />
        <Row k="Source out" v={formatTimecode(inF + rescale(src.duration, rate), rate)} />
        <Row k="Start" v={formatTimecode(info.start, rate)} />
        <Row k="End" v={formatTimecode(info.end, rate)} />
        <Row k="Duration" v={`${formatTimecode(info.end - info.start, rate)} (${toSeconds(src.duration).toFixed(2)} s)`} />
        <Row k="Speed" v="100%" />
        <Row k="Gain" v={<GainField ids={ids} gainDb={gainDb} />} />
        <Row
          k="Enabled"
          v={
            <label className="insp-field">
              <input
                type="checkbox"
                className="insp-check"
                data-testid="inspector-enabled"
                checked={enabled}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  useDocument.getState().edit(`${on ? 'Enable' : 'Disable'} ${info.clip.name}`, (tl) => setClips(tl, ids, { enabled: on }));
                }}
              />
              <span className="insp-unit">{enabled ? 'on' : 'off — not played or rendered'}</span>
            </label>
          }
        />
        <Row k="Linked" v={info.clip.linkId ? 'picture + sound' : 'no'} />
        <Row k="Status" v={info.clip.mediaId ? (m?.origin === 'generated' ? 'online · generated' : 'online') : placeholder ? 'placeholder — generate it from the shot list' : 'offline — media missing'} />
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
      <SideTabs />
      <div className="panel-body">{body}</div>
    </div>
  );
}

const eta = (s: number | null) => (s === null ? '' : s < 60 ? `${Math.ceil(s)} s left` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`);

/** Provider, cost and Retry for a job that runs a generation. */
function GenerationJobInfo({ jobId, state }: { jobId: string; state: string }) {
  const byId = useGenerations((s) => s.byId);
  const g = Object.values(byId).find((x) => x.jobId === jobId);
  if (!g) return null;
  return (
    <div className="job-row eta" data-testid="job-generation">
      <span>
        {g.providerLabel} · {g.costUsd > 0 ? `$${g.costUsd.toFixed(2)}` : 'free'}
      </span>
      {state === 'failed' && (
        <button className="tbtn" style={{ height: 18 }} data-testid="job-retry" onClick={() => void retryGeneration(g.id)}>
          Retry
        </button>
      )}
    </div>
  );
}

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
              <GenerationJobInfo jobId={j.jobId} state={j.state} />
            </div>
          ))
        )}
      </div>
    </div>
  );
}

export function SidePanel() {
  const tab = useUi((s) => s.sideTab);
  return (
    <section className="panel">
      {tab === 'markers' ? <MarkersPanel /> : tab === 'shots' ? <ShotListPanel /> : tab === 'references' ? <ReferencesPanel /> : <Inspector />}
      <JobsPanel />
    </section>
  );
}
