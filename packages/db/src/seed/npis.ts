// The CMS NPI rule (Luhn over "80840" + the first nine digits). @praxis/validators owns the
// rule for the API; packages/db depends on nothing of ours, so the seed generates its NPIs here,
// and packages/api's seed test checks every generated NPI with the validators' isValidNpi.
function checkDigit(firstNine: string): number {
  const digits = `80840${firstNine}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** `count` distinct valid NPIs, deterministic. */
export function demoNpis(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const firstNine = String(100_000_000 + ((i * 7_654_321) % 900_000_000)).slice(0, 9);
    return `${firstNine}${checkDigit(firstNine)}`;
  });
}
