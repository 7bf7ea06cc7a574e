// The timeline formats Segue reads and writes, by file extension. The main process maps
// each to its loader / writer; the renderer's pickers and menus list them from here.

/** Opened by File › Open / Import Timeline and `segue convert IN`. */
export const OPEN_EXTENSIONS = ['.segue', '.otio', '.edl', '.xml', '.fcpxml', '.fcpxmld'] as const;

/** Whether a file name is a timeline Segue opens (not media to import). */
export const isTimelineFile = (name: string): boolean => {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && (OPEN_EXTENSIONS as readonly string[]).includes(name.slice(dot).toLowerCase());
};
