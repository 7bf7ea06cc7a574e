// Video clip thumbnails from one sprite per media file. Tiles are positioned with CSS,
// so zooming or trimming never asks the main process for anything new.
import { memo, useEffect, useState } from 'react';
import type { Filmstrip as Strip } from '../../../shared/ipc/contract';
import { getApi } from '../api';
import { filmstrip, loadedFilmstrip } from '../media/derived';

/**
 * Narrower than this a clip shows no thumbnail: a sliver of a picture says nothing, and a
 * whole timeline zoomed to fit is thousands of such slivers to paint on every zoom step.
 */
const MIN_THUMBS_WIDTH = 12;

interface Props {
  mediaId: string;
  inSeconds: number;
  /** clip width in px and how many px a second takes */
  width: number;
  pixelsPerSecond: number;
  height: number;
  /** visible horizontal window within the clip, px */
  visibleFrom: number;
  visibleTo: number;
}

export const Filmstrip = memo(function Filmstrip({ mediaId, inSeconds, width, pixelsPerSecond, height, visibleFrom, visibleTo }: Props) {
  // A clip scrolled into view after its media's filmstrip loaded draws in its first render.
  const [loaded, setLoaded] = useState<Strip | null>(() => loadedFilmstrip(mediaId) ?? null);
  const strip = loaded?.mediaId === mediaId ? loaded : (loadedFilmstrip(mediaId) ?? null);
  useEffect(() => {
    if (strip) return;
    let live = true;
    void filmstrip(mediaId).then((s) => live && setLoaded(s));
    return () => {
      live = false;
    };
  }, [mediaId, strip]);
  if (!strip || height < 8 || width < MIN_THUMBS_WIDTH) return <div className="thumbs" data-testid="clip-thumbnails" />;
  const scale = height / strip.tileHeight;
  const tileW = strip.tileWidth * scale;
  const url = getApi().assetUrl(strip.assetId);
  const tiles = [];
  const first = Math.max(0, Math.floor(visibleFrom / tileW));
  const last = Math.min(Math.ceil(width / tileW), Math.ceil(visibleTo / tileW));
  for (let i = first; i < last; i++) {
    const x = i * tileW;
    const t = inSeconds + x / pixelsPerSecond;
    const index = Math.min(strip.count - 1, Math.max(0, Math.floor(t / strip.intervalSeconds)));
    tiles.push(
      <div
        key={i}
        style={{
          position: 'absolute',
          left: x,
          top: 0,
          width: tileW,
          height,
          backgroundImage: `url("${url}")`,
          backgroundSize: `${strip.count * tileW}px ${height}px`,
          backgroundPosition: `${-index * tileW}px 0`,
          borderRight: '1px solid rgba(0,0,0,.5)',
        }}
      />,
    );
  }
  return (
    <div className="thumbs" data-testid="clip-thumbnails" style={{ height }}>
      {tiles}
    </div>
  );
});
