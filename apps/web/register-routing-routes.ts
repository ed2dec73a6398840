import type { FastifyInstance } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeProject } from './authorize-target.js';
import { pricesBodySchema, routingBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { readAuditOrigin } from './read-audit-origin.js';

/** A project's routing rule per agent and its price overrides. */
export async function registerRoutingRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.put<{ Params: { id: string } }>('/projects/:id/routing', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'routing.manage');
    const body = parseRequestPart(routingBodySchema, request.body, 'body');
    const rule = {
      policy: body.policy,
      models: body.models,
      weights: body.weights,
      allowedModels: body.allowedModels,
    };
    await prisma.$transaction(async (transaction) => {
      // Weights or an allow-list left out must clear earlier ones, and Prisma reads an undefined field as "keep".
      const columns = {
        ...rule,
        weights: rule.weights ?? Prisma.DbNull,
        allowedModels: rule.allowedModels ?? Prisma.DbNull,
      };
      await transaction.routingRule.upsert({
        where: { projectId_agent: { projectId: project.id, agent: body.agent } },
        create: { projectId: project.id, agent: body.agent, ...columns },
        update: columns,
      });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'routing-rule.update',
        target: { type: 'routing-rule', id: `${project.id}:${body.agent}` },
        organizationId: project.organizationId,
        projectId: project.id,
        details: { agent: body.agent, ...rule },
      });
    });
    await context.projectSettings.invalidate({ projectId: project.id });
    return { agent: body.agent, ...rule };
  });

  // PUT replaces the whole set, so a settings page can remove an override by leaving it out.
  server.put<{ Params: { id: string } }>('/projects/:id/prices', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'routing.manage');
    const prices = parseRequestPart(pricesBodySchema, request.body, 'body');
    await prisma.$transaction(async (transaction) => {
      await transaction.priceOverride.deleteMany({
        where: { projectId: project.id, model: { notIn: Object.keys(prices) } },
      });
      for (const [model, price] of Object.entries(prices)) {
        const columns = {
          inputPerMTok: price.inputPerMTok,
          outputPerMTok: price.outputPerMTok,
          contextWindow: price.contextWindow ?? null,
          maxOutputTokens: price.maxOutputTokens ?? null,
        };
        await transaction.priceOverride.upsert({
          where: { projectId_model: { projectId: project.id, model } },
          create: { projectId: project.id, model, ...columns },
          update: columns,
        });
      }
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'price-override.update',
        target: { type: 'price-overrides', id: project.id },
        organizationId: project.organizationId,
        projectId: project.id,
        details: { prices },
      });
    });
    await context.projectSettings.invalidate({ projectId: project.id });
    return { prices };
  });
}
