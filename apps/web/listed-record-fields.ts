/** The columns listed for organizations and projects alike (`listedRecordSchema`). */
export const listedRecordFields = {
  id: true,
  name: true,
  platform: true,
  externalId: true,
  createdAt: true,
  deactivatedAt: true,
} as const;
