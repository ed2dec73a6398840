import { z } from 'zod';
import { organizationRoles } from '../../core/auth/principal.js';

// Request schemas of sign-in, users, invites and memberships (/api/v1). Named exports, strict bodies, like
// management-schemas.ts. Messages never echo the value, so a mistyped password is not repeated.

const emailSchema = z.email('must be an email address').max(320);
const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
const idSchema = z.guid('must be an id (a UUID) as returned when it was created');
/** A new password: 12 to 200 characters (long passphrases welcome; scrypt bounds the work anyway). */
const newPasswordSchema = z.string().min(12, 'must be at least 12 characters').max(200);
const roleSchema = z.enum(organizationRoles as [string, ...string[]]);

/** `POST /api/v1/auth/login` */
export const loginBodySchema = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });

/** `POST /api/v1/auth/accept-invite` */
export const acceptInviteBodySchema = z.strictObject({
  token: z.string().min(20).max(100).describe('The token of the invite link, after #token='),
  name: nameSchema.describe("The new account's name (still required, unused, when the email has an account)"),
  password: newPasswordSchema.describe(
    "The new account's password, or the current one when the email has an account already",
  ),
});

/** `POST /api/v1/users`: a user with a first membership. */
export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  organizationId: idSchema.describe('The organization of the first membership'),
  role: roleSchema,
});

/** `POST /api/v1/orgs/:orgId/invites` */
export const createInviteBodySchema = z.strictObject({
  email: emailSchema,
  role: roleSchema,
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24 * 7)
    .describe('How long the link works: 1 hour to 30 days, one week by default'),
});

/** `PUT /api/v1/orgs/:orgId/members/:userId` */
export const updateMembershipBodySchema = z.strictObject({ role: roleSchema });
