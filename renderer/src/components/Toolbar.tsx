import { actionById, isEnabled, runAction } from '../actions';
import { useDocument, useProject } from '../state/documentStore';
import { useUi } from '../state/uiStore';
import { useModified } from '../state/saveState';
import { useReview } from '../actions/review';

function ActionButton({ id, icon, text, on }: { id: string; icon: string; text?: string; on?: boolean }) {
  const a = actionById(id)!;
  useDocument((s) => s.history);
  useDocument((s) => s.readOnly);
  useUi((s) => s.selectedMedia);
  useUi((s) => s.selectedClips);
  useUi((s) => s.clipboard);
  useUi((s) => s.gapTarget);
  return (
    <button
      className={`tbtn${on ? ' on' : ''}`}
      aria-pressed={on}
      data-testid={`action-${id}`}
      title={a.shortcut ? `${a.label} (${a.shortcut})` : a.label}
      disabled={!isEnabled(a)}
      onClick={() => runAction(id)}
    >
      <span className="ico">{icon}</span>
      {text}
    </button>
  );
}

/** A project open for review: read-only, played from proxies. The tooltip says how far the proxies are. */
function ReviewBadge() {
  const review = useDocument((s) => s.readOnly);
  const { proxies, building } = useReview();
  if (!review) return null;
  const state = building ? 'building' : proxies ? (proxies.failed.length ? 'partial' : 'ready') : 'none';
  const detail = building ? 'Building proxies…' : proxies ? `${proxies.ready} of ${proxies.total} proxies ready${proxies.failed.length ? `, ${proxies.failed.length} could not be made` : ''}.` : '';
  return (
    <span
      className={`review-badge ${state}`}
      data-testid="review-badge"
      data-proxies={state}
      title={`Open for review: the project file is never written. Play, scrub and add markers (M); Save As… keeps your notes in an editable copy. ${detail}`}
    >
      REVIEW · read-only · proxies{building ? ' …' : ''}
    </span>
  );
}

export function Toolbar() {
  const project = useProject();
  const snapping = useUi((s) => s.snapping);
  const shotsShown = useUi((s) => s.sideTab === 'shots');
  const modified = useModified();
  return (
    <div className="toolbar">
      <ActionButton id="file.import" icon="⤓" text="Import" />
      <ActionButton id="timeline.appendSelected" icon="⇥" text="Append to Timeline" />
      <div className="sep" />
      <ActionButton id="edit.undo" icon="↶" />
      <ActionButton id="edit.redo" icon="↷" />
      <div className="sep" />
      <ActionButton id="timeline.split" icon="✂" text="Split" />
      <ActionButton id="edit.rippleDelete" icon="⌫" text="Ripple Delete" />
      <ActionButton id="timeline.snapping" icon="⋔" text="Snap" on={snapping} />
      <ActionButton id="timeline.renderPreview" icon="▣" text="Render Preview" />
      <div className="sep" />
      <ActionButton id="generate.extend" icon="⇢" text="Extend" />
      <ActionButton id="generate.fillGap" icon="⇿" text="Fill Gap" />
      <ActionButton id="previz.shotList" icon="☰" text="Shots" on={shotsShown} />
      <div className="sep" />
      <ActionButton id="view.zoomOut" icon="−" />
      <ActionButton id="view.zoomIn" icon="+" />
      <ActionButton id="view.zoomFit" icon="⇔" text="Fit" />
      <div className="spacer" />
      <ReviewBadge />
      <span className="project-name" data-testid="project-name" data-modified={modified}>
        {project.name}
        {modified ? ' ●' : ''}
      </span>
    </div>
  );
}
