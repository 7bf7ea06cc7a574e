// What a generated clip shows on the timeline: progress while its take is being made,
// the error with Retry when it failed, a take switcher when there are several takes, and
// a warning when the seam into it measured poorly (with "loop the seam").
import type { Clip, Media } from '../../../shared/timeline/model';
import { fps as rateFps, type Rate } from '../../../shared/timeline/time';
import { useGenerations, takeOf } from '../generation/store';
import { takeFamily } from '../../../shared/generation/model';
import { retryGeneration, switchTake } from '../generation/actions';
import { ui } from '../state/uiStore';

const pct = (p: number | null) => (p === null ? '' : ` ${Math.round(p * 100)}%`);

export function GenerationBadge({ clip, media, start, rate }: { clip: Clip; media: Media | undefined; start: number; rate: Rate }) {
  // Select the stable map and derive here: a selector returning a new object would re-render forever.
  const byId = useGenerations((s) => s.byId);
  const found = media ? takeOf(byId, media.id) : null;
  if (!media || media.origin !== 'generated') return null;
  if (!found) {
    return media.metadata?.['segue.pending'] === true ? (
      <span className="gen-badge waiting" data-testid="gen-badge" data-state="unknown" title="This generation is not known to this session">
        generation unknown
      </span>
    ) : null;
  }
  const { status, take } = found;
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  if (take.state !== 'done') {
    const failed = take.state === 'failed' || take.state === 'cancelled';
    return (
      <>
        {!failed && <span className="gen-progress" style={{ width: `${Math.round((status.progress ?? 0) * 100)}%` }} />}
        <span className={`gen-badge ${failed ? 'failed' : 'running'}`} data-testid="gen-badge" data-state={take.state} title={take.error ?? status.message ?? `${status.providerLabel}: ${status.request.prompt}`}>
          {failed ? (take.state === 'cancelled' ? 'Cancelled' : `Failed: ${take.error ?? status.message ?? 'error'}`) : `Generating${pct(status.progress)}${status.etaSeconds ? ` · ${Math.ceil(status.etaSeconds)} s` : ''}`}
          {failed && (
            <button className="gen-retry" data-testid="gen-retry" onMouseDown={stop} onClick={() => void retryGeneration(status.id)}>
              Retry
            </button>
          )}
        </span>
      </>
    );
  }
  const seam = take.seam;
  const family = takeFamily(Object.values(byId), status.id);
  return (
    <>
      {family.length > 1 && (
        <span className="gen-takes" data-testid="gen-takes" onMouseDown={stop}>
          {family.map(({ take: t }, i) => (
            <button
              key={t.mediaId}
              className={t.mediaId === take.mediaId ? 'on' : ''}
              data-testid="gen-take"
              disabled={t.state !== 'done'}
              title={t.state === 'done' ? `Show take ${i + 1}` : `Take ${i + 1}: ${t.state}`}
              onClick={() => t.mediaId !== take.mediaId && switchTake(clip.id, t.mediaId)}
            >
              {i + 1}
            </button>
          ))}
        </span>
      )}
      {seam?.poor && (
        <button
          className="gen-seam"
          data-testid="gen-seam"
          onMouseDown={stop}
          title={`Poor seam: ${seam.reason ?? ''} (similarity ${seam.ssim.toFixed(2)}, loudness ${seam.loudnessJumpDb >= 0 ? '+' : ''}${seam.loudnessJumpDb.toFixed(1)} dB). Click to loop 2 s around it.`}
          onClick={() => ui().set({ playhead: Math.max(0, start - rateFps(rate)), loopSeam: start, playing: true, playRate: 1, sourceMediaId: null })}
        >
          ⚠ seam
        </button>
      )}
    </>
  );
}
