import { npiCheckDigit } from '@praxis/validators';

/** `count` distinct valid NPIs, deterministic. */
export function demoNpis(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const firstNine = String(100_000_000 + ((i * 7_654_321) % 900_000_000)).slice(0, 9);
    return `${firstNine}${npiCheckDigit(firstNine)}`;
  });
}
