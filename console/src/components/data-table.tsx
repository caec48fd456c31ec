import type { ReactNode } from "react";

/**
 * The console's plain tables (identifiers, velocity, linked guests, ring members …) in one place, so
 * each keeps the same accessible markup: a caption (visually hidden unless asked), column headers with
 * `scope="col"`, the first column as each row's header (`scope="row"`), numbers right-aligned.
 */

export interface Column<Row> {
  header: string;
  /** Right-aligned (class "num"), in the header and every cell. */
  numeric?: boolean;
  /** An extra class for the column's cells. */
  className?: string;
  cell: (row: Row) => ReactNode;
}

export interface DataTableProps<Row> {
  rows: readonly Row[];
  /** The first is the row header. */
  columns: readonly [Column<Row>, ...Column<Row>[]];
  rowKey: (row: Row) => string;
  /** What the table holds, for screen readers; shown when captionVisible. None: no caption. */
  caption?: ReactNode;
  captionVisible?: boolean;
  /** The table's class: "compact" unless another look is wanted. */
  className?: string;
  rowClassName?: (row: Row) => string | undefined;
  /** Wrapped in a horizontally scrolling box, for wide tables. */
  wrap?: boolean;
}

export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  caption,
  captionVisible = false,
  className = "compact",
  rowClassName,
  wrap = false,
}: DataTableProps<Row>) {
  const [rowHeader, ...cells] = columns;
  const classOf = (column: Column<Row>) =>
    [column.numeric ? "num" : null, column.className ?? null].filter(Boolean).join(" ") || undefined;
  const table = (
    <table className={className}>
      {caption ? (
        <caption className={captionVisible ? undefined : "visually-hidden"}>{caption}</caption>
      ) : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.numeric ? "num" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
            <th scope="row" className={classOf(rowHeader)}>
              {rowHeader.cell(row)}
            </th>
            {cells.map((column) => (
              <td key={column.header} className={classOf(column)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}
