// Audio clip waveform: wavesurfer.js draws precomputed peaks from the main process. It is
// never given a URL, so it never fetches or decodes audio in the renderer.
import { memo, useEffect, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { PEAK_LEVELS } from '../../../shared/ipc/contract';
import { mediaPeaks } from '../media/derived';
import { useUi } from '../state/uiStore';

// Creating a WaveSurfer costs a few milliseconds (DOM, canvases); a scroll that brings
// sixty audio clips into view would stall a frame. Creations wait for idle time instead,
// a few per frame, and for the view to rest: while it scrolls or zooms, a waveform built
// for a clip that is gone a moment later only takes frames from the motion.
const REST_MS = 150;
let lastMove = 0;
useUi.subscribe((s, prev) => {
  if (s.scrollX !== prev.scrollX || s.zoom !== prev.zoom) lastMove = performance.now();
});
const pending: Array<() => void> = [];
let draining = false;
function schedule(): void {
  const wait = lastMove + REST_MS - performance.now();
  if (wait > 0) setTimeout(schedule, wait);
  else requestIdleCallback(drain, { timeout: 300 });
}
function drain(deadline: IdleDeadline): void {
  if (performance.now() - lastMove < REST_MS) return schedule();
  while (pending.length && (deadline.timeRemaining() > 3 || deadline.didTimeout)) {
    pending.shift()!();
    if (deadline.didTimeout) break;
  }
  if (pending.length) schedule();
  else draining = false;
}
function whenIdle(job: () => void): void {
  pending.push(job);
  if (draining) return;
  draining = true;
  schedule();
}

/**
 * Narrower than this a clip draws no waveform. Each WaveSurfer is a shadow root, a scroll
 * container and two canvases: a 2,000-clip timeline zoomed to fit would otherwise build
 * a thousand of them for clips a few pixels wide, and keep the page busy for many seconds
 * (bench/timeline.ts).
 */
const MIN_WAVEFORM_WIDTH = 16;

// The lanes render the screens either side of the visible one too; only waveforms on
// screen and wide enough are built. One IntersectionObserver (the lanes clip their
// overflow, so a clip beside the screen does not intersect) and one ResizeObserver (zoom
// changes widths without changing what intersects) serve every waveform.
interface Watch {
  visible: boolean;
  width: number;
  changed: () => void;
}
const watched = new Map<Element, Watch>();
let visibility: IntersectionObserver | null = null;
let sizes: ResizeObserver | null = null;

function watch(el: Element, changed: () => void): { state: Watch; stop: () => void } {
  visibility ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      const w = watched.get(e.target);
      if (!w) continue;
      w.visible = e.isIntersecting;
      w.width = e.boundingClientRect.width;
      w.changed();
    }
  });
  sizes ??= new ResizeObserver((entries) => {
    for (const e of entries) {
      const w = watched.get(e.target);
      if (!w) continue;
      w.width = e.contentRect.width;
      w.changed();
    }
  });
  const state: Watch = { visible: false, width: 0, changed };
  watched.set(el, state);
  visibility.observe(el);
  sizes.observe(el);
  return {
    state,
    stop: () => {
      watched.delete(el);
      visibility?.unobserve(el);
      sizes?.unobserve(el);
    },
  };
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
    let started = false;
    const build = () => {
      started = true;
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
    };
    // Once built it stays until the clip leaves the rendered screens or its props change.
    const { state, stop } = watch(el, () => {
      if (!started && state.visible && state.width >= MIN_WAVEFORM_WIDTH) build();
    });
    return () => {
      live = false;
      stop();
      ws?.destroy();
    };
  }, [mediaId, inSeconds, durationSeconds, level, height]);
  return <div className="wave" data-testid="clip-waveform" ref={host} />;
});
