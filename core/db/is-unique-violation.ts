/** Whether a Prisma error is a unique constraint violation (P2002): the row exists already. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}
