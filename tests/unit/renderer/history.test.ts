import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commit, createHistory, mark, redo, release, undo } from '../../../renderer/src/state/history';

interface Doc {
  items: number[];
  name: string;
}

describe('undo history', () => {
  it('undo after do restores the exact document, redo re-applies it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant('pop'), fc.string()), { maxLength: 30 }), (ops) => {
        let h = createHistory<Doc>({ items: [], name: 'x' });
        const states = [h.present];
        for (const op of ops) {
          h = commit(h, 'op', (d) => {
            if (op === 'pop') d.items.pop();
            else if (typeof op === 'number') d.items.push(op);
            else d.name = op;
          });
          if (h.present !== states.at(-1)) states.push(h.present);
        }
        const end = h.present;
        for (let i = states.length - 2; i >= 0; i--) {
          h = undo(h);
          expect(h.present).toEqual(states[i]);
        }
        for (let i = 1; i < states.length; i++) h = redo(h);
        expect(h.present).toEqual(end);
      }),
    );
  });

  it('records nothing for a command that changes nothing, and a new command clears redo', () => {
    let h = createHistory<Doc>({ items: [1], name: 'a' });
    h = commit(h, 'noop', () => undefined);
    expect(h.past).toHaveLength(0);
    h = commit(h, 'add', (d) => void d.items.push(2));
    h = undo(h);
    expect(h.future).toHaveLength(1);
    h = commit(h, 'rename', (d) => void (d.name = 'b'));
    expect(h.future).toHaveLength(0);
  });

  it('squashes a gesture into one step', () => {
    let h = createHistory<Doc>({ items: [], name: 'a' });
    h = mark(h);
    for (let i = 0; i < 5; i++) h = commit(h, 'drag', (d) => void d.items.push(i));
    h = release(h);
    expect(h.past).toHaveLength(1);
    expect(h.present.items).toEqual([0, 1, 2, 3, 4]);
    expect(undo(h).present.items).toEqual([]);
  });
});

describe('undo restores references', () => {
  it('gives back the very document objects it replaced (no copying on undo or redo)', () => {
    let h = createHistory({ a: { big: [1, 2, 3] }, b: { n: 1 } });
    const first = h.present;
    h = commit(h, 'n', (d) => {
      d.b.n = 2;
    });
    const second = h.present;
    expect(second.a).toBe(first.a); // structural sharing
    h = undo(h);
    expect(h.present).toBe(first);
    h = redo(h);
    expect(h.present).toBe(second);
  });
});
