import type { FastifyInstance } from 'fastify';
import { describeAuditActor, recordAuditEvent } from '../../core/audit/record-audit-event.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeProject } from './authorize-target.js';
import { alertChannelsBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { readAuditOrigin } from './read-audit-origin.js';

/** A linked channel as the API shows it. */
interface AlertChannelView {
  teamId: string;
  channelId: string;
  linkedBy: string;
  createdAt: string;
}

type LinkReader = Pick<PrismaClient, 'slackChannelLink'>;

async function listAlertChannels(prisma: LinkReader, projectId: string): Promise<AlertChannelView[]> {
  const links = await prisma.slackChannelLink.findMany({
    where: { projectId },
    orderBy: [{ createdAt: 'asc' }, { teamId: 'asc' }, { channelId: 'asc' }],
  });
  return links.map((link) => ({
    teamId: link.teamId,
    channelId: link.channelId,
    linkedBy: link.linkedBy,
    createdAt: link.createdAt.toISOString(),
  }));
}

const channelKey = (channel: { teamId: string; channelId: string }) =>
  `${channel.teamId}/${channel.channelId}`;

/**
 * Where a project's budget alerts go: its Slack channel links (the same rows `/switchyard link` writes).
 * Everyone who may see the project reads them; admins replace them, each link and unlink audited.
 */
export async function registerAlertChannelRoutes(
  server: FastifyInstance,
  context: AppContext,
): Promise<void> {
  const { prisma } = context;

  server.get<{ Params: { id: string } }>('/projects/:id/alert-channels', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'organization.read');
    return { channels: await listAlertChannels(prisma, project.id) };
  });

  server.put<{ Params: { id: string } }>('/projects/:id/alert-channels', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'budget.manage');
    const body = parseRequestPart(alertChannelsBodySchema, request.body, 'body');
    const wanted = new Map(body.channels.map((channel) => [channelKey(channel), channel]));
    const origin = readAuditOrigin(request);
    const linkedBy = describeAuditActor(origin.actor);
    const channels = await prisma.$transaction(async (transaction) => {
      const existing = await transaction.slackChannelLink.findMany({ where: { projectId: project.id } });
      const present = new Set(existing.map(channelKey));
      const audit = (
        action: 'slack-channel.link' | 'slack-channel.unlink',
        teamId: string,
        channelId: string,
      ) =>
        recordAuditEvent(transaction, {
          ...origin,
          action,
          target: { type: 'project', id: project.id },
          organizationId: project.organizationId,
          projectId: project.id,
          details: { teamId, channelId },
        });
      for (const link of existing) {
        if (wanted.has(channelKey(link))) continue;
        await transaction.slackChannelLink.deleteMany({
          where: { teamId: link.teamId, channelId: link.channelId, projectId: project.id },
        });
        await audit('slack-channel.unlink', link.teamId, link.channelId);
      }
      for (const channel of wanted.values()) {
        if (present.has(channelKey(channel))) continue;
        const created = await transaction.slackChannelLink.createMany({
          data: [{ teamId: channel.teamId, channelId: channel.channelId, projectId: project.id, linkedBy }],
          skipDuplicates: true,
        });
        if (created.count === 1) await audit('slack-channel.link', channel.teamId, channel.channelId);
      }
      return listAlertChannels(transaction, project.id);
    });
    return { channels };
  });
}
