/** A column of a `VirtualTable`: its header, width, text and sort order. */
export interface Column<R> {
  key: string;
  label: string;
  /** A CSS grid track: `2fr`, `90px`, `minmax(120px, 1fr)`. */
  width: string;
  /** The cell's text (also what search matches and, without `sortValue`, what sorting uses). */
  text: (row: R) => string;
  /** A number or string to sort by, when the text does not sort naturally (ages, counts). */
  sortValue?: (row: R) => number | string;
  /** A class for the cell (a status colour). */
  cellClass?: (row: R) => string;
  align?: 'right';
}

export interface SortState {
  key: string;
  descending: boolean;
}

/** Sorts a copy of `rows` by a column; ties keep their order (Array.prototype.sort is stable). */
export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], sort: SortState | undefined): R[] {
  const col = sort && columns.find((c) => c.key === sort.key);
  if (!col) return rows.slice();
  const value = col.sortValue ?? col.text;
  const keyed = rows.map((row) => ({ row, v: value(row) }));
  const dir = sort!.descending ? -1 : 1;
  keyed.sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : 0));
  return keyed.map((k) => k.row);
}
