const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}

/** A user-supplied value as one line of a header (subject): no line breaks, no runs of spaces. */
export function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
