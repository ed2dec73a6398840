/** Text the identity provider sent (an error code, a description, a key id), quoted and cut for a log line. */
export function quoteProviderText(text: string): string {
  return JSON.stringify(text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200));
}
