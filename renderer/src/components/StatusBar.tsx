import { timelineFrames } from '../../../shared/timeline/layout';
import { formatTimecode, fps as rateFps } from '../../../shared/timeline/time';
import { useProject } from '../state/documentStore';
import { useUi } from '../state/uiStore';

export function StatusBar() {
  const project = useProject();
  const status = useUi((s) => s.status);
  const info = useUi((s) => s.info);
  const connection = useUi((s) => s.connection);
  const jobs = Object.values(useUi((s) => s.jobs)).filter((j) => j.state === 'running').length;
  const { settings, timeline } = project;
  const fpsText = Math.round(rateFps(timeline.rate) * 1000) / 1000;
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span className="msg" data-testid="status">{status}</span>
      {jobs > 0 && <span>{jobs} job{jobs > 1 ? 's' : ''} running</span>}
      <span>{project.name}</span>
      <span>{formatTimecode(timelineFrames(timeline), timeline.rate)}</span>
      <span>
        {settings.width}×{settings.height} · {fpsText} fps · {settings.sampleRate / 1000} kHz
      </span>
      <span>
        <i className={`dot ${connection}`} />
        {info ? (info.transport === 'electron' ? 'Electron' : 'Browser') : '…'}
        {connection === 'closed' ? ' · disconnected' : ''}
      </span>
    </footer>
  );
}
