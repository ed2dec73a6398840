const findingMarker = /<!--\s*switchyard:finding:([0-9a-f]+)\s*-->/gi;

/** The fingerprints of the `<!-- switchyard:finding:<hex> -->` markers in a comment body (lower case). */
export function readFindingFingerprints(body: string | null | undefined): string[] {
  return [...(body ?? '').matchAll(findingMarker)].map((match) => match[1]!.toLowerCase());
}
