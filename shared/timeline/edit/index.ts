// The edit functions, one import for the renderer and the CLI.
export { EditError, withLinked, locateAll, clipAt } from './core';
export { appendMedia } from './append';
export { placeClips, placeMedia, type Placement, type PlaceMode } from './place';
export { lift, rippleDelete, closeGap, gapAt } from './remove';
export { split } from './split';
export { trim, roll, slip, slide, type Edge } from './trim';
export { moveClips, offsetTrack, copyClips, pasteClips, type ClipboardEntry, type TrackOffsets } from './move';
export { link, unlink } from './link';
export { addTrack, removeTrack, setTrack, type TrackPatch } from './tracks';
export { addMarker, updateMarker, removeMarker, setMarkerStatus, adjacentMarker, type MarkerInput } from './markers';
