/** The stored form of an email address: trimmed and lower-case, so uniqueness ignores case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
