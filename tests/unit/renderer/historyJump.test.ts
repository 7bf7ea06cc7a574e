import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commit, createHistory, historyRows, jump, mark, redo, undo, type History } from '../../../renderer/src/state/history';

interface Doc {
  items: number[];
}

/** A history of `n` commands "add 0" … "add n-1", and the document after each prefix. */
function build(n: number): { h: History<Doc>; states: Doc[] } {
  let h = createHistory<Doc>({ items: [] });
  const states = [h.present];
  for (let i = 0; i < n; i++) {
    h = commit(h, `add ${i}`, (d) => void d.items.push(i));
    states.push(h.present);
  }
  return { h, states };
}

describe('jumping through the undo history', () => {
  it('goes back several steps at once, leaving them as redo entries in order', () => {
    const { h, states } = build(5);
    const back = jump(h, 2);
    expect(back.present).toEqual(states[2]);
    expect(back.past.map((c) => c.label)).toEqual(['add 0', 'add 1']);
    expect(back.future.map((c) => c.label)).toEqual(['add 2', 'add 3', 'add 4']);
  });

  it('goes forward through redo entries', () => {
    const { h, states } = build(5);
    const fwd = jump(jump(h, 0), 4);
    expect(fwd.present).toEqual(states[4]);
    expect(fwd.future.map((c) => c.label)).toEqual(['add 4']);
  });

  it('equals undoing or redoing one step at a time, from and to any position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.nat(), fc.nat(), (n, a, b) => {
        const { h, states } = build(n);
        const from = a % (n + 1);
        const to = b % (n + 1);
        let stepwise = h;
        for (let i = n; i > from; i--) stepwise = undo(stepwise);
        const start = stepwise;
        while (stepwise.past.length > to) stepwise = undo(stepwise);
        while (stepwise.past.length < to) stepwise = redo(stepwise);
        const jumped = jump(start, to);
        expect(jumped.present).toEqual(states[to]);
        expect(jumped.present).toEqual(stepwise.present);
        expect(jumped.past).toEqual(stepwise.past);
        expect(jumped.future).toEqual(stepwise.future);
      }),
    );
  });

  it('returns the same history for the current position', () => {
    const { h } = build(3);
    expect(jump(h, 3)).toBe(h);
    const mid = jump(h, 1);
    expect(jump(mid, 1)).toBe(mid);
  });

  it('clamps targets outside the list', () => {
    const { h, states } = build(3);
    expect(jump(h, -4).present).toEqual(states[0]);
    expect(jump(jump(h, 0), 99).present).toEqual(states[3]);
  });

  it('ends an open gesture, as undo and redo do', () => {
    const { h } = build(3);
    const marked = mark(h);
    expect(jump(marked, 1).markAt).toBeNull();
  });
});

describe('the history list rows', () => {
  it('lists states most recent first, the current one marked and undone ones as future', () => {
    const { h } = build(3);
    const rows = historyRows(jump(h, 2), 30);
    expect(rows).toEqual([
      { index: 3, label: 'add 2', state: 'future' },
      { index: 2, label: 'add 1', state: 'current' },
      { index: 1, label: 'add 0', state: 'past' },
      { index: 0, label: 'Opened project', state: 'past' },
    ]);
  });

  it('shows the last 30 states of a long history', () => {
    const { h } = build(50);
    const rows = historyRows(h, 30);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toEqual({ index: 50, label: 'add 49', state: 'current' });
    expect(rows.at(-1)!.index).toBe(21);
  });

  it('keeps the current state in view after undoing far back', () => {
    const { h } = build(50);
    const rows = historyRows(jump(h, 5), 30);
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => r.index)).toContain(5);
    expect(rows.at(-1)).toEqual({ index: 5, label: 'add 4', state: 'current' });
  });

  it('jumping to a row\'s index reaches exactly that state', () => {
    const { h, states } = build(6);
    for (const row of historyRows(jump(h, 3), 30)) expect(jump(jump(h, 3), row.index).present).toEqual(states[row.index]);
  });
});
