import { actionById, isEnabled, runAction } from '../actions';
import { useDocument, useProject } from '../state/documentStore';
import { useUi } from '../state/uiStore';

function ActionButton({ id, icon, text }: { id: string; icon: string; text?: string }) {
  const a = actionById(id)!;
  useDocument((s) => s.history);
  useUi((s) => s.selectedMedia);
  return (
    <button
      className="tbtn"
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

export function Toolbar() {
  const project = useProject();
  return (
    <div className="toolbar">
      <ActionButton id="file.import" icon="⤓" text="Import" />
      <ActionButton id="timeline.appendSelected" icon="⇥" text="Append to Timeline" />
      <div className="sep" />
      <ActionButton id="edit.undo" icon="↶" />
      <ActionButton id="edit.redo" icon="↷" />
      <div className="sep" />
      <ActionButton id="view.zoomOut" icon="−" />
      <ActionButton id="view.zoomIn" icon="+" />
      <ActionButton id="view.zoomFit" icon="⇔" text="Fit" />
      <div className="spacer" />
      <span className="project-name">{project.name}</span>
    </div>
  );
}
