// File › Export Review Notes… and Import Review Notes…: the markers as a CSV or Markdown
// file with thumbnails beside it, and such a file read back as one undoable step.
import { getApi } from '../api';
import { importNotes } from '../actions/markers';
import { getProject } from '../state/documentStore';
import { ui } from '../state/uiStore';
import { ReadFromDialog, tableExt, useBesideProject, WriteToDialog } from './ProjectDialogs';

export function ExportNotesDialog() {
  const initial = useBesideProject(' notes.csv');
  const stem = (t: string) => t.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return (
    <WriteToDialog
      title="Export Review Notes"
      overlay="exportNotes"
      testid="notes-export"
      initial={initial}
      ext={tableExt}
      note={(t) =>
        `${/\.md$/i.test(t) ? 'A Markdown table' : 'CSV for any spreadsheet (or name it .md for a Markdown table)'}: timecode, duration, author, status, colour, name and note of every marker, with a frame of each in ${stem(t)}_thumbs beside it.`
      }
      write={async (t, overwrite) => {
        const r = await getApi().invoke('review:exportNotes', { project: getProject(), path: t, overwrite });
        if (!r.ok) {
          ui().toast('error', r.error.message);
          return false;
        }
        const { notes, thumbnails, warnings } = r.value;
        ui().set({ status: `Exported ${notes} note${notes === 1 ? '' : 's'} with ${thumbnails} thumbnail${thumbnails === 1 ? '' : 's'} to ${r.value.file}` });
        if (warnings.length) ui().toast('info', `No thumbnail for ${warnings.length} marker${warnings.length === 1 ? '' : 's'}: ${warnings[0]}${warnings.length > 1 ? ' …' : ''}`);
        return true;
      }}
    />
  );
}

export function ImportNotesDialog() {
  return (
    <ReadFromDialog
      title="Import Review Notes"
      overlay="importNotes"
      testid="notes-import"
      initial={useBesideProject(' notes.csv')}
      hint="A .csv or .md file with a timecode column (and any of duration, author, status, color, name, note). A row at the frame of a marker with the same name and author updates that marker; the others become new markers. One undo takes it all back."
      read={importNotes}
    />
  );
}
