import { ui, useUi } from '../state/uiStore';

/**
 * The horizontal scrollbar: a drawn thumb over the timeline's virtual width (the lanes
 * are virtualised and never scroll themselves). Drawn rather than native so it looks the
 * same in Electron and in a browser that hides overlay scrollbars.
 */
export function HScroll({ width, frames }: { width: number; frames: number }) {
  const zoom = useUi((s) => s.zoom);
  const scrollX = useUi((s) => s.scrollX);
  // Room for half a screen past the end, and never less than where the view already is.
  const content = Math.max(frames * zoom + width / 2, scrollX + width, 1);
  const thumb = Math.max(24, Math.min(width, (width * width) / content));
  const travel = Math.max(1, width - thumb);
  const range = Math.max(0, content - width);
  const left = range > 0 ? (scrollX / range) * travel : 0;
  const setX = (x: number) => ui().set({ scrollX: Math.max(0, Math.min(range, x)) });
  return (
    <div
      className="hscroll"
      data-testid="timeline-scrollbar"
      onMouseDown={(e) => {
        // A click on the track pages towards the pointer.
        const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
        setX(scrollX + (x < left ? -width : width) * 0.9);
      }}
    >
      {range > 0 && (
        <div
          className="thumb"
          style={{ left, width: thumb }}
          onMouseDown={(e) => {
            e.stopPropagation();
            const start = e.clientX;
            const from = scrollX;
            const move = (m: MouseEvent) => setX(from + ((m.clientX - start) * range) / travel);
            const up = () => {
              window.removeEventListener('mousemove', move);
              window.removeEventListener('mouseup', up);
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          }}
        />
      )}
    </div>
  );
}

