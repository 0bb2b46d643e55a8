/** A typed array twice as long, holding `array`'s values at its start (the search index's columns grow so). */
export function grown<T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(
  array: T,
  Type: new (length: number) => T,
): T {
  const bigger = new Type(array.length * 2);
  bigger.set(array);
  return bigger;
}
