// A track's header: name and the mute / solo / lock toggles.
import type { Track } from '../../../shared/timeline/model';
import { useDocument } from '../state/documentStore';

export function TrackHeader({ track }: { track: Track }) {
  const toggle = (key: 'muted' | 'solo' | 'locked', label: string) =>
    useDocument.getState().run(`${label} ${track.name}`, (d) => {
      const t = d.timeline.tracks.find((x) => x.id === track.id);
      if (t) t[key] = !t[key];
    });
  return (
    <div className={`track-header ${track.kind}`} data-testid="track-header" data-track-id={track.id} style={{ height: track.height }}>
      <span className="name">{track.name}</span>
      <button className={`tgl m${track.muted ? ' on' : ''}`} title="Mute" onClick={() => toggle('muted', track.muted ? 'Unmute' : 'Mute')}>
        M
      </button>
      <button className={`tgl s${track.solo ? ' on' : ''}`} title="Solo" onClick={() => toggle('solo', track.solo ? 'Unsolo' : 'Solo')}>
        S
      </button>
      <button className={`tgl${track.locked ? ' on' : ''}`} title="Lock" onClick={() => toggle('locked', track.locked ? 'Unlock' : 'Lock')}>
        L
      </button>
    </div>
  );
}

