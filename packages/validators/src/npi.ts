import { z } from 'zod';

/** The CMS rule: 10 digits, the last being the Luhn check digit over "80840" + the first nine. */
export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** The check digit that completes nine NPI digits: Luhn over "80840" + `firstNine`. */
export function npiCheckDigit(firstNine: string): number {
  const digits = `80840${firstNine}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right of the payload (the check digit is not in it).
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export const npiSchema = z
  .string()
  .trim()
  .refine(isValidNpi, { error: 'NPI must be 10 digits with a valid check digit' });
