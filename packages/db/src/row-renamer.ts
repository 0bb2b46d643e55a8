/** Builds a row with other property names: `names[i]` gets the value of `columns[i]`. */
export type Renamer = (row: Record<string, unknown>) => Record<string, unknown>;

/**
 * A renamer for one column list, building each row as one object literal: about ten times faster
 * than adding ~50 properties one by one, and its rows are objects V8 reads fastest. Names enter
 * the generated code only as JSON string literals; `__proto__` is a computed key, which defines a
 * property instead of setting the prototype.
 */
export function renamerFor(columns: readonly string[], names: readonly string[]): Renamer {
  const fields = columns.map((column, c) => {
    const name = JSON.stringify(names[c]);
    return `${names[c] === '__proto__' ? `[${name}]` : name}: row[${JSON.stringify(column)}]`;
  });
  return new Function('row', `return {${fields.join(', ')}};`) as Renamer;
}
