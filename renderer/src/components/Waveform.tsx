// Audio clip waveform: wavesurfer.js draws precomputed peaks from the main process. It is
// never given a URL, so it never fetches or decodes audio in the renderer.
import { memo, useEffect, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { PEAK_LEVELS } from '../../../shared/ipc/contract';
import { mediaPeaks } from '../media/derived';

// Creating a WaveSurfer costs a few milliseconds (DOM, canvases); a scroll that brings
// sixty audio clips into view would stall a frame. Creations wait for idle time instead,
// a few per frame, so scrolling stays smooth and waveforms fill in just after.
const pending: Array<() => void> = [];
let draining = false;
function whenIdle(job: () => void): void {
  pending.push(job);
  if (draining) return;
  draining = true;
  const drain = (deadline: IdleDeadline) => {
    while (pending.length && (deadline.timeRemaining() > 3 || deadline.didTimeout)) {
      pending.shift()!();
      if (deadline.didTimeout) break;
    }
    if (pending.length) requestIdleCallback(drain, { timeout: 300 });
    else draining = false;
  };
  requestIdleCallback(drain, { timeout: 300 });
}

interface Props {
  mediaId: string;
  /** the clip's source range, seconds */
  inSeconds: number;
  durationSeconds: number;
  /** peak level for the current zoom; wavesurfer itself follows the clip's width */
  level: (typeof PEAK_LEVELS)[number];
  height: number;
}

export const Waveform = memo(function Waveform({ mediaId, inSeconds, durationSeconds, level, height }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || height < 8 || durationSeconds <= 0) return;
    let ws: WaveSurfer | null = null;
    let live = true;
    void mediaPeaks(mediaId, level).then((peaks) => {
      if (!live || !peaks) return;
      // Only the used part of the source: pairs from the in point for the clip's length.
      const pairsPerSecond = peaks.sampleRate / peaks.samplesPerPixel;
      const from = Math.max(0, Math.floor(inSeconds * pairsPerSecond));
      const to = Math.min(peaks.length, Math.ceil((inSeconds + durationSeconds) * pairsPerSecond));
      const channels = peaks.data.map((d) => d.subarray(from * 2, to * 2));
      whenIdle(() => {
        if (!live) return;
        ws = WaveSurfer.create({
          container: el,
          height,
          peaks: channels.slice(0, 1),
          duration: durationSeconds,
          waveColor: 'rgba(180, 255, 225, 0.85)',
          progressColor: 'rgba(180, 255, 225, 0.85)',
          cursorWidth: 0,
          interact: false,
          normalize: false,
          hideScrollbar: true,
          autoScroll: false,
          fillParent: true,
        });
      });
    });
    return () => {
      live = false;
      ws?.destroy();
    };
  }, [mediaId, inSeconds, durationSeconds, level, height]);
  return <div className="wave" data-testid="clip-waveform" ref={host} />;
});
