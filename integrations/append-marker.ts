/** `body` with the hidden `marker` (an HTML comment) at its end, unless the body carries it already. */
export function appendMarker(body: string, marker: string): string {
  return body.includes(marker) ? body : `${body.trimEnd()}\n\n${marker}`;
}
