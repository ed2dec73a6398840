import { type AuditAction, recordAuditEvent } from '../../core/audit/record-audit-event.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import { findProjectsById, type NamedProject } from './find-projects-by-name.js';

/** How a Slack user's platform login was established; `claimed` is not usable until an admin confirms it. */
export type IdentityVerification = 'claimed' | 'admin' | 'email';

/** Who a Slack user is on one code platform. */
export interface SlackIdentity {
  platform: CodePlatform;
  login: string;
  verification: IdentityVerification;
  verifiedBy?: string;
  verifiedAt?: Date;
}

/** A channel of a workspace. */
export interface SlackChannelReference {
  teamId: string;
  channelId: string;
}

/** What a Slack workspace told Switchyard: which channels work on which projects, and who its users are. */
export interface SlackWorkspaceStore {
  /** The projects linked to a channel (deleted ones left out). */
  listChannelProjects(channel: SlackChannelReference): Promise<NamedProject[]>;
  /** Links a project to a channel; `already` when it was. */
  linkChannel(
    channel: SlackChannelReference,
    projectId: string,
    linkedBy: string,
  ): Promise<'linked' | 'already'>;
  /** Unlinks a project; false when it was not linked. */
  unlinkChannel(channel: SlackChannelReference, projectId: string, unlinkedBy: string): Promise<boolean>;
  /** The channels linked to any of these projects. */
  listProjectChannels(
    projectIds: readonly string[],
  ): Promise<Array<SlackChannelReference & { projectId: string }>>;
  /** A user's identities, verified or claimed. */
  listIdentities(teamId: string, slackUserId: string): Promise<SlackIdentity[]>;
  /** The user's identity on a platform, if any (claimed ones included: check `verification`). */
  findIdentity(
    teamId: string,
    slackUserId: string,
    platform: CodePlatform,
  ): Promise<SlackIdentity | undefined>;
  /** The Slack user holding this login in the workspace, if any. */
  findHolder(teamId: string, platform: CodePlatform, login: string): Promise<string | undefined>;
  /** Records (or replaces) a user's identity on a platform; refused when another user holds the login. */
  saveIdentity(input: {
    teamId: string;
    slackUserId: string;
    platform: CodePlatform;
    login: string;
    verification: IdentityVerification;
    verifiedBy?: string;
  }): Promise<{ saved: true } | { saved: false; heldBy: string }>;
  /** Forgets a user's identity on a platform; false when there was none. */
  removeIdentity(teamId: string, slackUserId: string, platform: CodePlatform): Promise<boolean>;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

function toIdentity(row: {
  platform: string;
  login: string;
  verification: string;
  verifiedBy: string | null;
  verifiedAt: Date | null;
}): SlackIdentity {
  return {
    platform: row.platform === 'gitlab' ? 'gitlab' : 'github',
    login: row.login,
    verification: row.verification === 'admin' || row.verification === 'email' ? row.verification : 'claimed',
    verifiedBy: row.verifiedBy ?? undefined,
    verifiedAt: row.verifiedAt ?? undefined,
  };
}

export function createSlackWorkspaceStore(prisma: PrismaClient): SlackWorkspaceStore {
  const findHolder = async (teamId: string, platform: CodePlatform, login: string) => {
    const row = await prisma.slackUserIdentity.findFirst({
      where: { teamId, platform, login: { equals: login, mode: 'insensitive' } },
      select: { slackUserId: true },
    });
    return row?.slackUserId;
  };

  /** Links and identities decide who may spend what: every change is in the audit log. */
  const audit = (
    action: AuditAction,
    slackUserId: string,
    target: { type: string; id: string },
    projectId: string | undefined,
    details: Record<string, unknown>,
  ) =>
    recordAuditEvent(prisma, {
      actor: { type: 'platform-user', platform: 'slack', login: slackUserId },
      action,
      target,
      projectId,
      details,
    });

  return {
    async listChannelProjects(channel) {
      const links = await prisma.slackChannelLink.findMany({
        where: { teamId: channel.teamId, channelId: channel.channelId },
        select: { projectId: true },
      });
      return findProjectsById(
        prisma,
        links.map((link) => link.projectId),
      );
    },

    async linkChannel(channel, projectId, linkedBy) {
      const created = await prisma.slackChannelLink.createMany({
        data: [{ teamId: channel.teamId, channelId: channel.channelId, projectId, linkedBy }],
        skipDuplicates: true,
      });
      if (created.count === 1) {
        await audit('slack-channel.link', linkedBy, { type: 'project', id: projectId }, projectId, {
          ...channel,
        });
      }
      return created.count === 1 ? 'linked' : 'already';
    },

    async unlinkChannel(channel, projectId, unlinkedBy) {
      const deleted = await prisma.slackChannelLink.deleteMany({
        where: { teamId: channel.teamId, channelId: channel.channelId, projectId },
      });
      if (deleted.count > 0) {
        await audit('slack-channel.unlink', unlinkedBy, { type: 'project', id: projectId }, projectId, {
          ...channel,
        });
      }
      return deleted.count > 0;
    },

    async listProjectChannels(projectIds) {
      if (projectIds.length === 0) return [];
      return prisma.slackChannelLink.findMany({
        where: { projectId: { in: [...projectIds] } },
        select: { teamId: true, channelId: true, projectId: true },
      });
    },

    async listIdentities(teamId, slackUserId) {
      const rows = await prisma.slackUserIdentity.findMany({
        where: { teamId, slackUserId },
        orderBy: { platform: 'asc' },
      });
      return rows.map(toIdentity);
    },

    async findIdentity(teamId, slackUserId, platform) {
      const row = await prisma.slackUserIdentity.findUnique({
        where: { teamId_slackUserId_platform: { teamId, slackUserId, platform } },
      });
      return row ? toIdentity(row) : undefined;
    },

    findHolder,

    async saveIdentity(input) {
      const holder = await findHolder(input.teamId, input.platform, input.login);
      if (holder !== undefined && holder !== input.slackUserId) return { saved: false, heldBy: holder };
      const verified = input.verification !== 'claimed';
      const values = {
        login: input.login,
        verification: input.verification,
        verifiedBy: input.verifiedBy ?? null,
        verifiedAt: verified ? new Date() : null,
      };
      try {
        await prisma.slackUserIdentity.upsert({
          where: {
            teamId_slackUserId_platform: {
              teamId: input.teamId,
              slackUserId: input.slackUserId,
              platform: input.platform,
            },
          },
          create: {
            teamId: input.teamId,
            slackUserId: input.slackUserId,
            platform: input.platform,
            ...values,
          },
          update: values,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another user took the login in between.
        return {
          saved: false,
          heldBy: (await findHolder(input.teamId, input.platform, input.login)) ?? 'someone',
        };
      }
      await audit(
        'slack-identity.save',
        input.verifiedBy ?? input.slackUserId,
        { type: 'slack_user', id: `${input.teamId}:${input.slackUserId}` },
        undefined,
        {
          teamId: input.teamId,
          platform: input.platform,
          login: input.login,
          verification: input.verification,
        },
      );
      return { saved: true };
    },

    async removeIdentity(teamId, slackUserId, platform) {
      const deleted = await prisma.slackUserIdentity.deleteMany({ where: { teamId, slackUserId, platform } });
      if (deleted.count > 0) {
        await audit(
          'slack-identity.remove',
          slackUserId,
          { type: 'slack_user', id: `${teamId}:${slackUserId}` },
          undefined,
          {
            teamId,
            platform,
          },
        );
      }
      return deleted.count > 0;
    },
  };
}
