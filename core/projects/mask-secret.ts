/**
 * A hint that lets a person recognise a secret without revealing it: `sk-…wxyz`. Short secrets show no
 * characters at all, because four characters of an eight-character key are half of it.
 */
export function maskSecret(secret: string): string {
  const prefix = /^[A-Za-z]{2,5}[-_]/.exec(secret)?.[0] ?? '';
  if (secret.length < 16) return `${prefix}…`;
  return `${prefix}…${secret.slice(-4)}`;
}
