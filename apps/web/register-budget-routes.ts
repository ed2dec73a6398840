import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization, authorizeProject } from './authorize-target.js';
import { type BudgetBody, budgetBodySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';
import { type BudgetView, presentBudget } from './present-project-settings.js';
import { readAuditOrigin } from './read-audit-origin.js';

interface BudgetOwner {
  scope: 'project' | 'organization';
  scopeId: string;
  organizationId: string;
  projectId?: string;
}

/** Budgets of a project or an organization, in USD per UTC day and month; null clears a limit. */
export async function registerBudgetRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  async function saveBudget(
    request: FastifyRequest,
    owner: BudgetOwner,
    body: BudgetBody,
  ): Promise<BudgetView> {
    const change = {
      ...(body.dailyUsd === undefined ? {} : { dailyUsd: body.dailyUsd }),
      ...(body.monthlyUsd === undefined ? {} : { monthlyUsd: body.monthlyUsd }),
      ...(body.softAlertRatio === undefined ? {} : { softAlertRatio: body.softAlertRatio }),
    };
    const budget = await prisma.$transaction(async (transaction) => {
      const previous = await transaction.budget.findUnique({
        where: { scope_scopeId: { scope: owner.scope, scopeId: owner.scopeId } },
      });
      const saved = await transaction.budget.upsert({
        where: { scope_scopeId: { scope: owner.scope, scopeId: owner.scopeId } },
        create: {
          scope: owner.scope,
          scopeId: owner.scopeId,
          organizationId: owner.organizationId,
          projectId: owner.projectId ?? null,
          ...change,
        },
        update: change,
      });
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: 'budget.update',
        target: { type: `${owner.scope}-budget`, id: owner.scopeId },
        organizationId: owner.organizationId,
        projectId: owner.projectId,
        details: { previous: presentBudget(previous), current: presentBudget(saved) },
      });
      return saved;
    });
    await context.projectSettings.invalidate(
      owner.projectId ? { projectId: owner.projectId } : { organizationId: owner.organizationId },
    );
    return presentBudget(budget);
  }

  server.put<{ Params: { id: string } }>('/projects/:id/budget', async (request) => {
    const project = await authorizeProject(request, prisma, request.params.id, 'budget.manage');
    const body = parseRequestPart(budgetBodySchema, request.body, 'body');
    return saveBudget(
      request,
      {
        scope: 'project',
        scopeId: project.id,
        organizationId: project.organizationId,
        projectId: project.id,
      },
      body,
    );
  });

  server.put<{ Params: { id: string } }>('/orgs/:id/budget', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'budget.manage');
    const body = parseRequestPart(budgetBodySchema, request.body, 'body');
    return saveBudget(
      request,
      { scope: 'organization', scopeId: organization.id, organizationId: organization.id },
      body,
    );
  });
}
