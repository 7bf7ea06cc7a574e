// The timeline formats Segue reads and writes, by file extension. The main process maps
// each to its loader / writer; the renderer's pickers and menus list them from here.

/** Opened by File › Open / Import Timeline and `segue convert IN`. */
export const OPEN_EXTENSIONS = ['.segue', '.otio', '.otioz', '.otiod', '.edl', '.xml', '.fcpxml', '.fcpxmld'] as const;

/** Whether a file name is a timeline Segue opens (not media to import). */
export const isTimelineFile = (name: string): boolean => {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && (OPEN_EXTENSIONS as readonly string[]).includes(name.slice(dot).toLowerCase());
};

/** Written by File › Export Timeline and `segue convert … OUT`, with what each is for. */
export const WRITE_FORMATS = [
  { ext: '.otio', label: 'OpenTimelineIO (.otio)', note: 'Opens in DaVinci Resolve, Kdenlive, Premiere (with the OTIO plug-in) and anything OpenTimelineIO reads; generated clips keep their provenance in the metadata.' },
  { ext: '.xml', label: 'Final Cut Pro 7 XML (.xml)', note: 'Opens in Premiere Pro and DaVinci Resolve (with the sequence format they need); generated clips carry their provenance in comments.' },
  { ext: '.fcpxml', label: 'FCPXML (.fcpxml)', note: 'Opens in Final Cut Pro and DaVinci Resolve; generated clips carry an AI-generated keyword and their provenance in a note.' },
  { ext: '.edl', label: 'CMX 3600 EDL (.edl)', note: 'One file per video track with its sound channels, clip names and source files as comments, dissolves as D events; generated clips are marked in comments.' },
  { ext: '.mlt', label: 'MLT XML (.mlt)', note: 'Opens in Shotcut and Kdenlive and renders with melt; generated clips carry their provenance as producer properties.' },
] as const;

/** The export format a file name asks for, by its extension (undefined: none of them). */
export const writeFormatOf = (name: string) => WRITE_FORMATS.find((f) => name.toLowerCase().endsWith(f.ext));
